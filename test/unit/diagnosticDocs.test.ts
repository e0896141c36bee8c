/**
 * The diagnostics' code links in VS Code open the page shipped in the VSIX at the code's section: the client finds
 * each code's heading line in docs/DIAGNOSTICS.md, the server turns that into `<page>#L<line>`; other clients keep
 * the repository's anchor.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type * as vscode from 'vscode';
import { diagnosticHeadingLines, loadDiagnosticDocs } from '../../client/src/diagnosticDocs';
import { DIAGNOSTIC_CODES, diagnosticDocsUrl, type DiagnosticCode } from '../../server/src/engine/helmFacts';
import { diagnosticDocsHref, readDiagnosticDocs, toDiagnostic } from '../../server/src/lspConversions';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const page = fs.readFileSync(path.join(repoRoot, 'docs', 'DIAGNOSTICS.md'), 'utf8');
const codes = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];
const PAGE_URI = 'vscode-remote://localhost:8080/home/u/.vscode-server/extensions/helm-hooks/docs/DIAGNOSTICS.md';

/** A stand-in for vscode.Uri: only toString is used. */
const uriOf = (s: string) => ({ toString: () => s }) as unknown as vscode.Uri;

describe('diagnostic docs: each code\'s section line in docs/DIAGNOSTICS.md', () => {
  const lines = diagnosticHeadingLines(page);
  const pageLines = page.split(/\r\n|\r|\n/);

  it('finds every code of the table, Argo CD codes included, on its own "## <code>" heading', () => {
    assert.ok(codes.filter((c) => c.startsWith('argocd-')).length >= 4, 'the Argo CD codes are in the table');
    const missing = codes.filter((c) => lines[c] === undefined);
    assert.deepStrictEqual(missing, []);
    for (const c of codes) assert.strictEqual(pageLines[lines[c] - 1], `## ${c}`, `line ${lines[c]} is ${c}'s heading`);
  });

  it('gives each code a different line, in the order of the page', () => {
    const ordered = codes.map((c) => lines[c]);
    assert.strictEqual(new Set(ordered).size, ordered.length);
    const byLine = Object.entries(lines).sort((a, b) => a[1] - b[1]).map(([c]) => c);
    assert.deepStrictEqual(byLine, [...page.matchAll(/^## (\S+)$/gm)].map((m) => m[1]));
  });

  it('counts lines from 1, across CRLF line ends, and skips headings inside fenced code and other headings', () => {
    const md = '# Title\r\n\r\n## first-code\r\ntext\r\n```md\r\n## not-a-heading\r\n```\r\n### sub-heading\r\n## Two Words\r\n## second-code\r\n## first-code\r\n';
    assert.deepStrictEqual(diagnosticHeadingLines(md), { 'first-code': 3, 'second-code': 10 });
    assert.deepStrictEqual(diagnosticHeadingLines(''), {});
  });

  it('the client reads the shipped page through the file system it is given and sends its URI and lines', async () => {
    const read: string[] = [];
    const docs = await loadDiagnosticDocs(
      { readFile: async (u: vscode.Uri) => (read.push(u.toString()), new TextEncoder().encode(page)) },
      uriOf(PAGE_URI),
    );
    assert.deepStrictEqual(read, [PAGE_URI]);
    assert.strictEqual(docs?.uri, PAGE_URI);
    assert.deepStrictEqual(docs?.lines, lines);
  });

  it('without the page (a missing file, an empty one), the client sends nothing', async () => {
    const missing = await loadDiagnosticDocs({ readFile: async () => Promise.reject(new Error('FileNotFound')) }, uriOf(PAGE_URI));
    assert.strictEqual(missing, undefined);
    const empty = await loadDiagnosticDocs({ readFile: async () => new Uint8Array() }, uriOf(PAGE_URI));
    assert.strictEqual(empty, undefined);
  });

  it('the server links each code to its line in the client\'s page, others to the repository', () => {
    const docs = readDiagnosticDocs({ workspaceTrusted: true, diagnosticDocs: { uri: PAGE_URI, lines } });
    for (const code of codes) {
      const d = toDiagnostic(
        { code, severity: DIAGNOSTIC_CODES[code].severity, message: 'm', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, fixes: [] },
        docs,
      );
      assert.strictEqual(d.codeDescription?.href, `${PAGE_URI}#L${lines[code]}`);
    }
    const partial = readDiagnosticDocs({ diagnosticDocs: { uri: PAGE_URI, lines: { 'render-failed': 397 } } });
    assert.strictEqual(diagnosticDocsHref('unknown-hook-event', partial), diagnosticDocsUrl('unknown-hook-event'));
    assert.strictEqual(diagnosticDocsHref('unknown-hook-event', undefined), diagnosticDocsUrl('unknown-hook-event'));
  });

  it('reads initializationOptions defensively: malformed options give repository links, bad lines are dropped', () => {
    for (const bad of [undefined, null, 42, 'x', [], {}, { diagnosticDocs: null }, { diagnosticDocs: 'x' },
      { diagnosticDocs: { lines: { a: 1 } } }, { diagnosticDocs: { uri: 7, lines: { a: 1 } } },
      { diagnosticDocs: { uri: 'not a uri', lines: { a: 1 } } }, { diagnosticDocs: { uri: `${PAGE_URI}#x`, lines: { a: 1 } } },
      { diagnosticDocs: { uri: PAGE_URI } }, { diagnosticDocs: { uri: PAGE_URI, lines: [3] } }]) {
      assert.strictEqual(diagnosticDocsHref('render-failed', readDiagnosticDocs(bad)), diagnosticDocsUrl('render-failed'), JSON.stringify(bad));
    }
    const docs = readDiagnosticDocs({ diagnosticDocs: { uri: PAGE_URI, lines: { a: 0, b: 2.5, c: '3', d: -1, e: 4, constructor: 9 } } });
    assert.deepStrictEqual(docs?.lines, { e: 4, constructor: 9 });
    // An inherited property is not a line.
    assert.strictEqual(diagnosticDocsHref('toString', docs), diagnosticDocsUrl('toString'));
  });
});
