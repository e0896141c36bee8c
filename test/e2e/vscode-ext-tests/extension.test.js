// Extension-host tests: the same behaviours as test/e2e/vscode.test.ts, through the `vscode` API instead of the UI.
// Run by @vscode/test-cli (`npm run test:vscode`, .vscode-test.mjs: downloads VS Code, so it needs the internet),
// or offline inside code-server through index.js (`node test/e2e/run-ext-tests.js`). Plain CommonJS: the vscode
// module exists only inside the extension host, so these files are not compiled with the rest of the tests.
'use strict';
const assert = require('assert');
const cp = require('child_process');
const vscode = require('vscode');

const HOOK_EVENTS = ['pre-install', 'post-install', 'pre-delete', 'post-delete', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'test'];
const HOOKS = 'upgrade-with-backup/templates/hooks';

function fileUri(relative) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'a workspace folder is open (the copy of the example chart)');
  return vscode.Uri.joinPath(folder.uri, relative);
}

async function waitFor(what, fn, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const codeOf = (d) => (typeof d.code === 'object' && d.code !== null ? d.code.value : d.code);
const labelOf = (item) => (typeof item.label === 'string' ? item.label : item.label.label);

async function open(relative) {
  const doc = await vscode.workspace.openTextDocument(fileUri(relative));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

function lineOf(doc, text) {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(text)) return i;
  throw new Error(`"${text}" is not in ${doc.uri.fsPath}`);
}

async function setLine(editor, line, text) {
  const range = editor.document.lineAt(line).range;
  assert.ok(await editor.edit((b) => b.replace(range, text)));
}

async function revert(doc) {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

describe('Helm Hooks in the extension host', function () {
  this.timeout(60000);

  it('activates on the example chart and starts the language server as a child process', async function () {
    const ext = vscode.extensions.getExtension('helm-hooks.helm-hooks');
    assert.ok(ext, 'the extension is installed');
    await waitFor('activation', () => ext.isActive);
    if (process.platform === 'win32') return;
    const children = await waitFor('the language server process', () => {
      const ps = cp.execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
      const mine = ps.split('\n').filter((l) => l.trim().split(/\s+/)[1] === String(process.pid));
      return mine.some((l) => l.includes('server.js')) ? mine : null;
    });
    assert.ok(children.some((l) => l.includes('dist/server.js') || l.includes('dist\\server.js')), children.join('\n'));
  });

  it('reports unknown-hook-event at the typo and fixes it with the quick fix', async function () {
    const { doc } = await open(`${HOOKS}/warm-cache.yaml`);
    const line = lineOf(doc, '"helm.sh/hook": "post-instal"');
    const diag = await waitFor('unknown-hook-event', () =>
      vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === 'unknown-hook-event'),
    );
    assert.strictEqual(diag.range.start.line, line);
    assert.strictEqual(diag.range.start.character, doc.lineAt(line).text.indexOf('post-instal'));
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Error);

    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change to "post-install"');
    assert.ok(fix && fix.edit, `the quick fix: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.strictEqual(doc.lineAt(line).text.trim(), '"helm.sh/hook": "post-install"');
    await waitFor('the diagnostic to disappear', () => !vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === 'unknown-hook-event'));
    await revert(doc);
  });

  it('completes the events after "helm.sh/hook": and leaves out those already listed', async function () {
    const { doc, editor } = await open(`${HOOKS}/warm-cache.yaml`);
    const line = lineOf(doc, '"helm.sh/hook":');
    const complete = async (text) => {
      await setLine(editor, line, text);
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, text.length));
      return list.items.map(labelOf);
    };
    const all = await complete('    "helm.sh/hook": ');
    for (const event of HOOK_EVENTS) assert.ok(all.includes(event), `${event} in ${all}`);
    const rest = await complete('    "helm.sh/hook": "pre-install,');
    assert.ok(!rest.includes('pre-install'), `pre-install is listed already: ${rest}`);
    for (const event of HOOK_EVENTS.filter((e) => e !== 'pre-install')) assert.ok(rest.includes(event), `${event} in ${rest}`);
    await revert(doc);
  });

  it("shows the parsed weight and the hook's position in a hover", async function () {
    const { doc } = await open(`${HOOKS}/db-backup.yaml`);
    const line = lineOf(doc, '"helm.sh/hook-weight"');
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, doc.lineAt(line).text.lastIndexOf('5')));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /weight 5\b/);
    assert.match(text, /pre-upgrade: 3rd of 3 hooks/);
  });

  it('opens the execution order panel from the command', async function () {
    await open(`${HOOKS}/db-backup.yaml`);
    await vscode.commands.executeCommand('helmHooks.showExecutionOrder');
    const tab = await waitFor('the panel', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('helmHooks.executionOrder')),
    );
    await waitFor('the chart name in its title', () => /upgrade-with-backup/.test(tab.label) || vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => /upgrade-with-backup/.test(t.label)));
  });
});
