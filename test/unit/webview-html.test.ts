/**
 * The panel's HTML shell (client/src/panelHtml.ts): a strict Content Security Policy with a fresh nonce, and
 * nothing but our own bundle and stylesheets.
 */
import * as assert from 'assert';
import { JSDOM } from 'jsdom';
import { contentSecurityPolicy, createNonce, panelHtml } from '../../client/src/panelHtml';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function shell(nonce = createNonce()) {
  const html = panelHtml({
    cspSource: CSP_SOURCE,
    nonce,
    scriptUri: `${CSP_SOURCE}/ext/dist/webview.js`,
    styleUris: [`${CSP_SOURCE}/ext/dist/codicons/codicon.css`, `${CSP_SOURCE}/ext/media/panel.css`],
  });
  return { html, nonce, doc: new JSDOM(html).window.document };
}

describe('webview: panel HTML and CSP', () => {
  it("denies everything by default and allows only the extension's styles, fonts and the nonced script", () => {
    const { doc, nonce } = shell();
    const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')!;
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert.deepStrictEqual(directives['default-src'], ["'none'"]);
    assert.deepStrictEqual(directives['script-src'], [`'nonce-${nonce}'`]);
    assert.deepStrictEqual(directives['style-src'], [CSP_SOURCE]);
    assert.deepStrictEqual(directives['font-src'], [CSP_SOURCE]);
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval') && !csp.includes('*'), csp);
  });

  it('loads exactly one script, carrying the nonce, and no inline script or style', () => {
    const { doc, nonce } = shell();
    const scripts = Array.from(doc.querySelectorAll('script'));
    assert.strictEqual(scripts.length, 1);
    assert.strictEqual(scripts[0].getAttribute('nonce'), nonce);
    assert.strictEqual(scripts[0].textContent, '');
    assert.strictEqual(doc.querySelectorAll('style, [style]').length, 0);
    assert.deepStrictEqual(
      Array.from(doc.querySelectorAll('link[rel="stylesheet"]')).map((l) => l.getAttribute('href')!.replace(CSP_SOURCE, '')),
      ['/ext/dist/codicons/codicon.css', '/ext/media/panel.css'],
    );
    assert.ok(doc.getElementById('root'), 'the page renders into #root');
  });

  it('uses a fresh 128-bit nonce every time', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    assert.strictEqual(nonces.size, 50);
    for (const n of nonces) assert.strictEqual(Buffer.from(n, 'base64').length, 16);
    assert.match(contentSecurityPolicy('x', 'abc'), /script-src 'nonce-abc'/);
  });
});
