/**
 * Entry of the webview bundle (`dist/webview.js`): wires the page to the VS Code webview API.
 */
import type { FromPageMessage, PageState, ToPageMessage } from './messages';
import { createOrderPage } from './page';

interface VsCodeApi {
  postMessage(message: FromPageMessage): void;
  getState(): PageState | undefined;
  setState(state: PageState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
if (root) {
  const page = createOrderPage(root, {
    postMessage: (m) => vscode.postMessage(m),
    getState: () => vscode.getState(),
    setState: (s) => vscode.setState(s),
  });
  window.addEventListener('message', (event: MessageEvent<ToPageMessage>) => {
    // Only the extension host posts to this window; anything without a known type is ignored.
    const data = event.data;
    if (data && typeof data === 'object' && typeof data.type === 'string') page.handle(data);
  });
  vscode.postMessage({ type: 'ready' });
}
