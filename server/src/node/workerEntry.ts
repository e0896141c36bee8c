/**
 * `dist/chartRenderWorker.js`: one bundle for both worker threads of the server, so the renderer ships once in it
 * and not twice: the server's render worker (builtin/chartRenderWorker.ts) and the renderer's deep-recursion worker
 * (engine/render/renderWorker.ts, which deepRender.ts starts as `renderWorker.js` next to the bundle running the
 * renderer; esbuild.js writes that file as a one-line loader of this one). Each module's main() looks at its
 * workerData and does nothing when the thread is not its own.
 */
import '../builtin/chartRenderWorker';
import '../engine/render/renderWorker';
