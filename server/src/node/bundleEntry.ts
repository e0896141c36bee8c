/**
 * `dist/server.js`, what VS Code's language client starts: it turns the code cache on (in the folder the client
 * names in HELM_HOOKS_CODE_CACHE, the extension's global storage), then loads the server bundle,
 * `dist/server-main.js`, through it. Only for the bundle: `bin/helm-hooks-language-server.js` runs `main.js` itself.
 */
import * as path from 'path';
import { enableCodeCache } from './codeCache';

// Written 20 s after the start too: by then the first chart was read, and an editor may kill its server at the end.
enableCodeCache([__dirname], process.env, 20_000);
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(path.join(__dirname, 'server-main.js'));
