/**
 * The worker thread of a deep render (see deepRender.ts): renders the chart from the replayed files under the
 * remaining budget, posts the RenderResult on the port, then wakes the waiting main thread.
 */
import { isMainThread, workerData, type MessagePort } from 'worker_threads';
import { RenderBudget } from './budget';
import { markDeepRenderThread, replayFileSystem, type DeepRenderRequest } from './deepRender';
import { renderChart, type RenderOptions } from './index';

function main(): void {
  if (isMainThread) return;
  const data = workerData as { request?: DeepRenderRequest; port?: MessagePort } | undefined;
  const request = data?.request;
  const port = data?.port;
  if (request === undefined || port === undefined) return;
  markDeepRenderThread();
  const flag = new Int32Array(request.done);
  try {
    const options = { ...(request.options as RenderOptions), budget: new RenderBudget(request.limits) };
    const result = renderChart(replayFileSystem(request.recording), request.chartDir, options);
    port.postMessage({ ok: true, result });
  } catch (e) {
    port.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  } finally {
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    port.close();
  }
}

main();
