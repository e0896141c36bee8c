/**
 * The extension manifest (package.json) against the rest of the project: commands the server's CodeLens and the
 * client use, settings the server reads, diagnostic codes the engine reports, and coexistence with the
 * Kubernetes extension (no `helm` language or grammar of our own).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DIAGNOSTIC_CODES } from '../../server/src/engine/helmFacts';
import { showOrderCommand } from '../../server/src/lspExtensions';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const properties: Record<string, { default?: unknown; enum?: string[]; properties?: Record<string, unknown>; markdownDescription?: string; description?: string }> =
  pkg.contributes.configuration.properties;

describe('VSIX manifest', () => {
  it('starts from the client bundle, on charts, on Helm templates, on the command and for a restored panel', () => {
    assert.strictEqual(pkg.main, './dist/client.js');
    assert.strictEqual(pkg.engines.vscode, '^1.91.0');
    assert.ok(pkg.bin && pkg.bin['helm-hooks'], 'the CLI stays declared');
    for (const event of ['workspaceContains:**/Chart.yaml', 'onLanguage:helm', `onCommand:${showOrderCommand}`, 'onWebviewPanel:helmHooks.executionOrder']) {
      assert.ok(pkg.activationEvents.includes(event), event);
    }
  });

  it("declares the command the server's CodeLens runs, and a restart command", () => {
    const ids = pkg.contributes.commands.map((c: { command: string }) => c.command);
    assert.ok(ids.includes(showOrderCommand));
    assert.ok(ids.includes('helmHooks.restartServer'));
    for (const c of pkg.contributes.commands) assert.strictEqual(c.category, 'Helm Hooks');
    const title = pkg.contributes.menus['editor/title'].find((m: { command: string }) => m.command === showOrderCommand);
    assert.match(title.when, /helmHooks\.inChart/);
  });

  it('coexists with the Kubernetes extension: no helm language, no full grammar, only an injection', () => {
    assert.strictEqual(pkg.contributes.languages, undefined);
    for (const g of pkg.contributes.grammars) {
      assert.strictEqual(g.language, undefined, 'a grammar bound to a language would compete with the owner of that language');
      assert.ok(Array.isArray(g.injectTo) && g.injectTo.length > 0);
    }
  });

  it('declares every setting the server reads, with defaults and descriptions', () => {
    assert.strictEqual(properties['helmHooks.helmVersion'].default, '4');
    assert.deepStrictEqual(properties['helmHooks.helmVersion'].enum, ['4', '3']);
    assert.strictEqual(properties['helmHooks.diagnostics.enable'].default, true);
    assert.deepStrictEqual(properties['helmHooks.diagnostics.severity'].default, {});
    assert.strictEqual(properties['helmHooks.codeLens.enable'].default, true);
    assert.deepStrictEqual(properties['helmHooks.trace.server'].enum, ['off', 'messages', 'verbose']);
    for (const [key, p] of Object.entries(properties)) assert.ok(p.markdownDescription || p.description, `${key} is described`);
  });

  it('offers a severity override for exactly the diagnostic codes the engine reports', () => {
    const codes = Object.keys(properties['helmHooks.diagnostics.severity'].properties ?? {}).sort();
    assert.deepStrictEqual(codes, Object.keys(DIAGNOSTIC_CODES).sort());
  });

  it('documents every setting and every diagnostic code in SETTINGS.md', () => {
    const doc = fs.readFileSync(path.join(repoRoot, 'SETTINGS.md'), 'utf8');
    for (const key of Object.keys(properties)) assert.ok(doc.includes(`\`${key}\``), `${key} in SETTINGS.md`);
    for (const [code, fact] of Object.entries(DIAGNOSTIC_CODES)) {
      assert.ok(doc.includes(`| \`${code}\` | ${fact.severity} |`), `${code} (${fact.severity}) in SETTINGS.md`);
    }
  });
});
