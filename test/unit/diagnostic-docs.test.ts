/**
 * Every diagnostic code links to its own section of docs/DIAGNOSTICS.md: the section exists (its heading is exactly
 * the code, so GitHub's anchor is the code), it says what Helm does, why it matters, the fix and the source behind it,
 * and the link the editor gets is the repository of package.json + `blob/main/docs/DIAGNOSTICS.md#<code>`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DIAGNOSTIC_CODES, PROJECT_REPOSITORY, diagnosticDocsUrl, type DiagnosticCode } from '../../server/src/engine/helmFacts';
import { toDiagnostic } from '../../server/src/lspConversions';
import { toSarif } from '../../server/src/cli/sarif';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { repository: { url: string } };
const doc = fs.readFileSync(path.join(repoRoot, 'docs', 'DIAGNOSTICS.md'), 'utf8');

/** GitHub's anchor of a Markdown heading: lower-cased, punctuation but `-` and `_` removed, spaces as `-`. */
function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The `## ` sections of the page: heading text → body. */
function sections(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = markdown.split(/^## /m).slice(1);
  for (const part of parts) {
    const nl = part.indexOf('\n');
    out.set(part.slice(0, nl).trim(), part.slice(nl + 1));
  }
  return out;
}

const codes = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];
const bySection = sections(doc);
const anchors = new Map([...bySection.keys()].map((h) => [githubAnchor(h), h]));

describe('docs/DIAGNOSTICS.md: one section per diagnostic code', () => {
  it('the project repository of the links is the one package.json names', () => {
    const url = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '').replace(/\/$/, '');
    assert.strictEqual(PROJECT_REPOSITORY, url);
  });

  it('every code, Argo CD codes included, has a section whose GitHub anchor is the code', () => {
    assert.ok(codes.filter((c) => c.startsWith('argocd-')).length >= 4, 'the Argo CD codes are in the table');
    const missing = codes.filter((c) => anchors.get(c) !== c);
    assert.deepStrictEqual(missing, [], `sections missing or headed otherwise: ${missing.join(', ')}`);
  });

  it('has no section for a code the engine does not report, and each once', () => {
    const headings = [...doc.matchAll(/^## (.*)$/gm)].map((m) => m[1].trim());
    assert.deepStrictEqual(headings.filter((h) => !(codes as string[]).includes(h)), []);
    assert.strictEqual(new Set(headings).size, headings.length, 'no heading twice');
  });

  it('each section says what Helm (or Argo CD) does, why it matters, the fix and the source file', () => {
    for (const code of codes) {
      const body = bySection.get(code) ?? '';
      assert.match(body, /\*\*What (Helm|Argo CD) does\.\*\*/, `${code}: what the tool does`);
      assert.match(body, /\*\*Why it matters\.\*\*/, `${code}: why it matters`);
      assert.match(body, /\*\*Fix\.\*\*/, `${code}: the fix`);
      // The source names at least one file of Helm's (or Argo CD's) tree.
      assert.match(body, /\*\*(Helm|Argo CD) source\.\*\* .*`[\w./-]+\.go`/s, `${code}: the source file`);
    }
  });

  it('links between sections point at anchors that exist', () => {
    const links = [...doc.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(links.length > 0);
    for (const l of links) assert.ok(anchors.has(l), `#${l}`);
  });

  it('the editor links each diagnostic to its section', () => {
    for (const code of codes) {
      const d = toDiagnostic({
        code,
        severity: DIAGNOSTIC_CODES[code].severity,
        message: 'm',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        fixes: [],
      });
      const href = d.codeDescription?.href ?? '';
      assert.strictEqual(href, `${PROJECT_REPOSITORY}/blob/main/docs/DIAGNOSTICS.md#${code}`);
      assert.strictEqual(href, diagnosticDocsUrl(code));
      // The anchor of the link is a section of the page.
      assert.strictEqual(anchors.get(href.slice(href.indexOf('#') + 1)), code);
    }
  });

  it('SARIF rules carry the same link', () => {
    const sarif = toSarif({ findings: [] } as unknown as Parameters<typeof toSarif>[0], '/w', '0.0.0') as {
      runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri: string }> } } }>;
    };
    const rules = sarif.runs[0].tool.driver.rules;
    assert.strictEqual(rules.length, codes.length);
    for (const r of rules) assert.strictEqual(r.helpUri, diagnosticDocsUrl(r.id), r.id);
  });
});
