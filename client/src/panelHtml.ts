/**
 * The execution-order panel's HTML shell. Pure (no `vscode` import), so its Content Security Policy is unit-tested.
 *
 * Nothing from a chart is ever written into this HTML: the page receives its data by `postMessage` and renders it
 * with `textContent`. The CSP allows only our own stylesheets and fonts (`cspSource`) and the one script carrying
 * the nonce; no inline script or style, no network.
 */
import { randomBytes } from 'crypto';

export interface PanelHtmlParts {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUris: string[];
}

/** 128 random bits, as CSP nonces should be. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function panelHtml(parts: PanelHtmlParts): string {
  const styles = parts.styleUris.map((href) => `    <link rel="stylesheet" href="${attr(href)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(parts.cspSource, parts.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
    <title>Helm hook execution order</title>
  </head>
  <body>
    <div id="root"></div>
    <script nonce="${attr(parts.nonce)}" src="${attr(parts.scriptUri)}"></script>
  </body>
</html>
`;
}
