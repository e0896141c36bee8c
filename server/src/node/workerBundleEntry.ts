/**
 * `dist/chartRenderWorkerCached.js`: how the bundled server (dist/) starts its render worker when the server thread
 * compiles through the code cache (dist/server.js turned it on): the worker thread turns the same cache on for the
 * bundle's folder, then loads the workers' bundle, `dist/chartRenderWorker.js`, through it, so a new worker loads the
 * renderer as bytecode instead of compiling it (builtin/renderService.ts picks this file when it is there).
 * Written 20 s after the start too: by then the worker has warmed up and rendered the workspace's chart.
 */
import * as path from 'path';
import { enableCodeCache } from './codeCache';

enableCodeCache([__dirname], process.env, 20_000);
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(path.join(__dirname, 'chartRenderWorker.js'));
