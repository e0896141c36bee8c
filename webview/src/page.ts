/**
 * The page's behaviour: it keeps a `PageModel`, renders it with `renderPage` and morphs the result into the live
 * DOM, and turns clicks and keys into model changes or messages for the extension. Independent of the webview API
 * (the host is passed in), so tests drive it in jsdom with the same typed messages the extension sends.
 */
import type { CommandName } from '../../server/src/engine/types';
import { morph } from './dom';
import type { FromPageMessage, PageState, ToPageMessage } from './messages';
import { ALL_COMMANDS, findHookRow, isGroupOpen, type PageModel, renderPage, selectableRows } from './render';
import { controlMessage, readRenderForm } from './renderControls';
import { ARGO_TABS, argoRows, renderArgoPage, renderTargetBar, type ArgoPageModel, type ArgoTab, type DeployTarget } from './argocdView';

export interface PageHost {
  postMessage(message: FromPageMessage): void;
  getState(): PageState | undefined;
  setState(state: PageState): void;
}

export interface OrderPage {
  handle(message: ToPageMessage): void;
  readonly model: Readonly<PageModel>;
  dispose(): void;
}

export function createOrderPage(root: HTMLElement, host: PageHost): OrderPage {
  const doc = root.ownerDocument;
  const saved = host.getState();
  const model: PageModel = {
    order: null,
    loading: true,
    command: saved && (ALL_COMMANDS as readonly string[]).includes(saved.command) ? saved.command : 'install',
    selectedKey: saved?.selectedKey,
    filter: typeof saved?.filter === 'string' ? saved.filter : undefined,
    groups: saved?.groups && typeof saved.groups === 'object' ? { ...saved.groups } : undefined,
  };
  let chartRoot = saved?.chartRoot;
  /** The Helm / Argo CD switch: the extension sets it from `helmHooks.target`, the page's switch changes it. */
  let deployTarget: DeployTarget = saved?.target === 'argocd' ? 'argocd' : 'helm';
  const argo: ArgoPageModel = { order: null, tab: saved?.argoTab === 'delete' ? 'delete' : 'sync', loading: true, filter: model.filter };
  let live: HTMLElement | undefined;
  /** Scroll a revealed row into view once, after the next render. */
  let pendingReveal: string | undefined;
  /** A reveal that arrived before the order it refers to. */
  let wantedReveal: { file: string; line: number } | undefined;

  function persist(): void {
    host.setState({
      chartRoot,
      command: model.command,
      selectedKey: model.selectedKey,
      target: deployTarget,
      argoTab: argo.tab,
      filter: model.filter || undefined,
      groups: model.groups,
    });
  }

  function update(): void {
    const fresh = deployTarget === 'argocd' ? renderArgoPage(doc, argo, deployTarget) : withTargetBar(renderPage(doc, model));
    if (!live) {
      root.replaceChildren(fresh);
      live = fresh;
    } else {
      morph(live, fresh);
    }
    keepClearOfToolbar();
    if (pendingReveal && !rowElement(pendingReveal) && model.filter) {
      // The filter hides the hook the user asked to see: the hook wins.
      setFilter('');
      return;
    }
    if (pendingReveal) {
      const row = rowElement(pendingReveal);
      pendingReveal = undefined;
      if (row && typeof row.scrollIntoView === 'function') row.scrollIntoView({ block: 'center' });
    }
  }

  /**
   * The tabs and the filter stay at the top while the timeline scrolls: whatever the browser scrolls into view (a
   * row reached with the arrow keys, a revealed hook) must land below them, not under them.
   */
  function keepClearOfToolbar(): void {
    const toolbar = root.querySelector<HTMLElement>('.toolbar');
    const height = toolbar ? toolbar.getBoundingClientRect().height : 0;
    doc.documentElement.style.setProperty('scroll-padding-top', `${Math.ceil(height) + 8}px`);
  }

  /** The Helm view gets the Helm / Argo CD switch under its title row. */
  function withTargetBar(page: HTMLElement): HTMLElement {
    const header = page.querySelector('.header');
    const bar = doc.createElement('div');
    bar.className = 'mode-bar target-row';
    bar.setAttribute('data-key', 'target-row');
    bar.appendChild(renderTargetBar(doc, deployTarget));
    header?.insertBefore(bar, header.children[1] ?? null);
    return page;
  }

  function setTarget(next: DeployTarget): void {
    if (next === deployTarget) return;
    deployTarget = next;
    persist();
    update();
    host.postMessage({ type: 'setTarget', target: next });
  }

  function selectArgoTab(tab: ArgoTab, focusTab: boolean): void {
    if (tab !== argo.tab) {
      argo.tab = tab;
      if (!argoRows(argo.order, tab).some((r) => r.key === argo.selectedKey)) argo.selectedKey = undefined;
      persist();
      update();
    }
    if (focusTab) focusTabElement(root.querySelector<HTMLElement>(`#argo-tab-${tab}`));
  }

  function rowElement(key: string): HTMLElement | undefined {
    for (const node of Array.from(root.querySelectorAll<HTMLElement>('.row[data-key]'))) {
      if (node.getAttribute('data-key') === key) return node;
    }
    return undefined;
  }

  /** A narrow panel scrolls the tablist sideways: the focused tab is brought fully into it. */
  function focusTabElement(tab: HTMLElement | null): void {
    if (!tab) return;
    tab.focus();
    if (typeof tab.scrollIntoView === 'function') tab.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  /** The rows on screen, in order: closed groups and the filter leave rows out, and the keys only move over these. */
  function shownRows(): Array<{ key: string; file: string; line: number }> {
    return Array.from(root.querySelectorAll<HTMLElement>('.timeline .row[data-key]')).map((r) => ({
      key: r.getAttribute('data-key') ?? '',
      file: r.getAttribute('data-file') ?? '',
      line: Number(r.getAttribute('data-line')),
    }));
  }

  function setFilter(value: string): void {
    if ((model.filter ?? '') === value) return;
    model.filter = value;
    argo.filter = value;
    persist();
    update();
    const input = root.querySelector<HTMLInputElement>('#filter');
    if (input && input.value !== value) input.value = value;
  }

  function toggleGroup(key: string): void {
    const open = isGroupOpen(model, key);
    model.groups = { ...model.groups, [key]: !open };
    persist();
    update();
  }

  function setRenderFormOpen(open: boolean, focus: 'form' | 'edit' | undefined): void {
    model.renderFormOpen = open;
    update();
    if (focus === 'form') root.querySelector<HTMLElement>('#render-form input')?.focus();
    if (focus === 'edit') root.querySelector<HTMLElement>('[data-action="render-edit"]')?.focus();
  }

  function selectCommand(command: CommandName, focusTab: boolean): void {
    if (command !== model.command) {
      model.command = command;
      if (!selectableRows(model.order, command).some((r) => r.key === model.selectedKey)) model.selectedKey = undefined;
      persist();
      update();
    }
    if (focusTab) focusTabElement(root.querySelector<HTMLElement>(`#tab-${command}`));
  }

  function selectRow(key: string, focus: boolean): void {
    if (deployTarget === 'argocd') argo.selectedKey = key;
    else model.selectedKey = key;
    persist();
    update();
    if (focus) rowElement(key)?.focus();
  }

  function open(file: string, line: number): void {
    host.postMessage({ type: 'open', file, line });
  }

  function onClick(event: MouseEvent): void {
    const target = event.target as Element | null;
    if (!target) return;
    const actionEl = target.closest('[data-action]');
    const action = actionEl?.getAttribute('data-action');
    if (action === 'refresh') {
      host.postMessage({ type: 'refresh' });
      return;
    }
    // The source, value-set and Verify with helm controls (renderControls.ts) say which message they send.
    const control = actionEl && !actionEl.hasAttribute('disabled') ? controlMessage(actionEl, root) : undefined;
    if (control) {
      host.postMessage(control);
      return;
    }
    if (action === 'target' && actionEl) {
      const next = actionEl.getAttribute('data-target');
      if (next === 'helm' || next === 'argocd') setTarget(next);
      return;
    }
    const argoTab = target.closest('[data-argo-tab]')?.getAttribute('data-argo-tab');
    if (argoTab === 'sync' || argoTab === 'delete') {
      selectArgoTab(argoTab, false);
      return;
    }
    if (action === 'render-apply') {
      host.postMessage({ type: 'renderOptions', ...readRenderForm(root) });
      setRenderFormOpen(false, 'edit');
      return;
    }
    if (action === 'render-edit') {
      const open = !model.renderFormOpen;
      setRenderFormOpen(open, open ? 'form' : undefined);
      return;
    }
    if (action === 'toggle-group' && actionEl) {
      const key = actionEl.getAttribute('data-group');
      if (key) toggleGroup(key);
      return;
    }
    const tab = target.closest('[role="tab"]');
    if (tab) {
      const command = tab.getAttribute('data-command') as CommandName | null;
      if (command) selectCommand(command, false);
      return;
    }
    const row = target.closest('.row[data-key]');
    if (row) selectRow(row.getAttribute('data-key')!, false);
    if (action === 'open' && actionEl) {
      event.preventDefault();
      open(actionEl.getAttribute('data-file')!, Number(actionEl.getAttribute('data-line')));
    }
  }

  function onKeyDown(event: KeyboardEvent): void {
    const target = event.target as Element | null;
    if (!target) return;
    if (event.key === 'Enter' && target.closest('.render-form') && target.getAttribute('type') === 'text') {
      event.preventDefault();
      host.postMessage({ type: 'renderOptions', ...readRenderForm(root) });
      setRenderFormOpen(false, 'edit');
      return;
    }
    if (event.key === 'Escape' && target.closest('.render-form')) {
      event.preventDefault();
      setRenderFormOpen(false, 'edit');
      return;
    }
    if (event.key === 'Escape' && target.id === 'filter' && (target as HTMLInputElement).value !== '') {
      event.preventDefault();
      (target as HTMLInputElement).value = '';
      setFilter('');
      return;
    }
    if (target.getAttribute('role') === 'tab' && target.hasAttribute('data-argo-tab')) {
      const i = ARGO_TABS.indexOf(argo.tab);
      const next = event.key === 'ArrowRight' || event.key === 'End' ? Math.min(i + 1, ARGO_TABS.length - 1) : event.key === 'ArrowLeft' || event.key === 'Home' ? Math.max(i - 1, 0) : -1;
      if (next >= 0) {
        event.preventDefault();
        selectArgoTab(ARGO_TABS[next], true);
      }
      return;
    }
    if (target.getAttribute('role') === 'tab') {
      const i = ALL_COMMANDS.indexOf(model.command);
      const next =
        event.key === 'ArrowRight' ? (i + 1) % ALL_COMMANDS.length
        : event.key === 'ArrowLeft' ? (i - 1 + ALL_COMMANDS.length) % ALL_COMMANDS.length
        : event.key === 'Home' ? 0
        : event.key === 'End' ? ALL_COMMANDS.length - 1
        : -1;
      if (next >= 0) {
        event.preventDefault();
        selectCommand(ALL_COMMANDS[next], true);
      }
      return;
    }
    const row = target.closest('.row[data-key]');
    if (!row) return;
    const rows = shownRows();
    const i = rows.findIndex((r) => r.key === row.getAttribute('data-key'));
    if (i < 0) return;
    let next = -1;
    switch (event.key) {
      case 'ArrowDown':
        next = Math.min(i + 1, rows.length - 1);
        break;
      case 'ArrowUp':
        next = Math.max(i - 1, 0);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = rows.length - 1;
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        selectRow(rows[i].key, true);
        if (!rows[i].file.includes('.tgz!/')) open(rows[i].file, rows[i].line);
        return;
      default:
        return;
    }
    event.preventDefault();
    selectRow(rows[next].key, true);
  }

  function handle(message: ToPageMessage): void {
    switch (message.type) {
      case 'order':
        model.order = message.order;
        model.empty = undefined;
        model.loading = false;
        chartRoot = message.order.chartRoot;
        if (wantedReveal) reveal(wantedReveal.file, wantedReveal.line);
        wantedReveal = undefined;
        persist();
        break;
      case 'empty':
        model.order = null;
        model.empty = { title: message.title, detail: message.detail };
        model.loading = false;
        wantedReveal = undefined;
        break;
      case 'loading':
        model.loading = true;
        if (model.order && model.order.chartRoot !== message.chartRoot) {
          model.order = null;
          model.empty = undefined;
        }
        break;
      case 'render':
        model.render = message.render;
        break;
      case 'target':
        deployTarget = message.target;
        persist();
        break;
      case 'argocd':
        argo.order = message.order;
        argo.loading = false;
        break;
      case 'reveal':
        if (!model.order || model.loading) {
          wantedReveal = { file: message.file, line: message.line };
          return;
        }
        reveal(message.file, message.line);
        persist();
        break;
    }
    update();
  }

  function reveal(file: string, line: number): void {
    if (deployTarget === 'argocd' && argo.order) {
      // The Argo CD view: the object's row in the sync, else in the Application deletion.
      for (const tab of ARGO_TABS) {
        const row = argoRows(argo.order, tab).find((r) => r.file === file && r.line === line);
        if (!row) continue;
        argo.tab = tab;
        argo.selectedKey = row.key;
        pendingReveal = row.key;
        return;
      }
    }
    const found = model.order && findHookRow(model.order, model.command, file, line);
    if (!found) return;
    model.command = found.command;
    model.selectedKey = found.key;
    pendingReveal = found.key;
  }

  function onInput(event: Event): void {
    const target = event.target as HTMLInputElement | null;
    if (target?.id === 'filter') setFilter(target.value);
  }

  root.addEventListener('click', onClick);
  root.addEventListener('keydown', onKeyDown);
  root.addEventListener('input', onInput);
  // The toolbar wraps to two lines in a narrow panel: its height changes with the panel's width.
  doc.defaultView?.addEventListener('resize', keepClearOfToolbar);
  update();

  return {
    handle,
    get model() {
      return model;
    },
    dispose() {
      root.removeEventListener('click', onClick);
      root.removeEventListener('keydown', onKeyDown);
      root.removeEventListener('input', onInput);
      doc.defaultView?.removeEventListener('resize', keepClearOfToolbar);
    },
  };
}
