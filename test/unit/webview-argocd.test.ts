/**
 * The panel's Argo CD view (webview/src/argocdView.ts), driven in jsdom through the page with the messages the
 * extension posts: the Helm / Argo CD switch, the sync wave by wave, the Application deletion, what never runs.
 */
import * as assert from 'assert';
import { JSDOM } from 'jsdom';
import { argoOrderOf } from '../../server/src/engine/hooks/argocd';
import type { FromPageMessage, PageState } from '../../webview/src/messages';
import { createOrderPage } from '../../webview/src/page';
import { chart } from '../helpers/fixtures';

const XSS = '<img src=x onerror=alert(1)>';

function obj(kind: string, name: string, annotations: Record<string, string> = {}): string {
  const ann = Object.entries(annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`).join('');
  return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${JSON.stringify(name)}\n` + (ann ? `  annotations:\n${ann}` : '');
}

function setup(saved?: PageState) {
  const c = chart({
    'templates/hooks.yaml': [
      obj('Job', 'init-db', { 'helm.sh/hook': 'pre-install', 'helm.sh/hook-weight': '-5' }),
      obj('ConfigMap', 'settings', { 'helm.sh/hook': 'pre-install,pre-upgrade' }),
      obj('Job', 'backup', { 'helm.sh/hook': 'pre-delete' }),
      obj('Pod', XSS, { 'helm.sh/hook': 'test' }),
    ].join('---\n'),
    'templates/web.yaml': obj('Deployment', 'web'),
  });
  const dom = new JSDOM('<!DOCTYPE html><body><div id="root"></div></body>');
  const root = dom.window.document.getElementById('root') as HTMLElement;
  const sent: FromPageMessage[] = [];
  const state: { value?: PageState } = { value: saved };
  const page = createOrderPage(root, { postMessage: (m) => sent.push(m), getState: () => state.value, setState: (s) => (state.value = s) });
  page.handle({ type: 'order', order: c.order() });
  const click = (el: Element) => el.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true, cancelable: true }));
  return { c, root, page, sent, state, click, argo: argoOrderOf(c.ws, c.model, 4) };
}

describe('webview: the Argo CD view', () => {
  it('the Helm view has a Helm / Argo CD switch with Helm selected', () => {
    const { root } = setup();
    const buttons = Array.from(root.querySelectorAll('[data-action="target"]'));
    assert.deepStrictEqual(buttons.map((b) => [b.textContent, b.getAttribute('aria-pressed')]), [['Helm', 'true'], ['Argo CD', 'false']]);
    assert.ok(root.querySelector('#tab-install'));
  });

  it('switching to Argo CD asks the extension and shows the sync wave by wave', () => {
    const { root, sent, state, click, page, argo } = setup();
    click(root.querySelector('[data-target="argocd"]')!);
    assert.deepStrictEqual(sent.filter((m) => m.type === 'setTarget'), [{ type: 'setTarget', target: 'argocd' }]);
    assert.strictEqual(state.value?.target, 'argocd');
    page.handle({ type: 'argocd', order: argo });
    const steps = Array.from(root.querySelectorAll('.argo-step')).map((s) => s.getAttribute('data-step'));
    assert.deepStrictEqual(steps, ['PreSync', 'Sync', 'PostSync']);
    const pre = root.querySelector('.argo-step[data-step="PreSync"]')!;
    assert.deepStrictEqual(Array.from(pre.querySelectorAll('.argo-row .name')).map((n) => n.textContent), ['init-db', 'settings']);
    assert.match(pre.querySelector('.wave-wait')!.textContent!, /wave -5: .*Job\/init-db is healthy/);
    assert.match(pre.textContent!, /runs at every sync/);
    assert.ok(!root.querySelector('#tab-install'), 'the Helm command tabs are gone');
  });

  it('lists what Argo CD never runs with the reason, chart text as text', () => {
    const { root, page, argo } = setup({ command: 'install', target: 'argocd' });
    page.handle({ type: 'argocd', order: argo });
    const ignored = root.querySelector('.argo-ignored')!;
    assert.ok(ignored.textContent!.includes(XSS));
    assert.strictEqual(ignored.querySelector('img'), null);
    assert.match(ignored.textContent!, /helm test/);
  });

  it('the Application deletion tab shows PreDelete, the cascade delete and PostDelete', () => {
    const { root, page, argo, click } = setup({ command: 'install', target: 'argocd' });
    page.handle({ type: 'argocd', order: argo });
    click(root.querySelector('[data-argo-tab="delete"]')!);
    const steps = Array.from(root.querySelectorAll('.argo-step')).map((s) => s.getAttribute('data-step'));
    assert.deepStrictEqual(steps, ['PreDelete', 'CascadeDelete', 'PostDelete']);
    assert.deepStrictEqual(Array.from(root.querySelectorAll('.argo-step[data-step="PreDelete"] .name')).map((n) => n.textContent), ['backup']);
  });

  it('a CodeLens reveal selects the object\'s row in the Argo CD view (the deletion tab for a pre-delete hook)', () => {
    const { root, page, argo } = setup({ command: 'install', target: 'argocd' });
    page.handle({ type: 'argocd', order: argo });
    const backup = argo.commands.delete.steps[0].items[0];
    page.handle({ type: 'reveal', file: backup.file, line: backup.line });
    const selected = root.querySelector('.argo-row.selected');
    assert.strictEqual(selected?.querySelector('.name')?.textContent, 'backup');
    assert.strictEqual(root.querySelector('[data-argo-tab="delete"]')?.getAttribute('aria-selected'), 'true');
  });

  it('follows the extension when helmHooks.target changes back to helm', () => {
    const { root, page, argo } = setup({ command: 'install', target: 'argocd' });
    page.handle({ type: 'argocd', order: argo });
    page.handle({ type: 'target', target: 'helm' });
    assert.ok(root.querySelector('#tab-install'));
    assert.strictEqual(root.querySelector('.argo-step'), null);
  });
});
