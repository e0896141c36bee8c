/**
 * The VS Code window as a user sees it: Quick Open, the command palette, the editor, the Problems panel, the
 * suggest widget, hovers, quick fixes, and the Helm Hooks webview. Everything goes through the UI (keyboard,
 * mouse, DOM); nothing calls into VS Code.
 */
import * as path from 'path';
import type { FrameLocator, Locator, Page } from './playwright';
import { waitUntil } from './codeServer';

const SHORT = 15_000;
const LONG = 60_000;

function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

export interface ProblemRow {
  text: string;
  ariaLabel: string;
}

export class Workbench {
  constructor(readonly page: Page) {}

  /** Opens `folder` and waits until the explorer shows `expectEntry` (the remote file system is connected). */
  async open(baseUrl: string, folder: string, expectEntry: string): Promise<void> {
    await this.page.goto(`${baseUrl}/?folder=${encodeURIComponent(folder)}`, { timeout: LONG });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: LONG });
    await this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${expectEntry}"]`).waitFor({ timeout: LONG });
  }

  /** Keyboard focus to the first editor group (files open there, not beside the panel; webviews swallow keys). */
  async focusFirstGroup(): Promise<void> {
    // Keys typed while a webview has the focus go to the webview's page first: take the focus back.
    await this.page.evaluate(() => {
      const active = document.activeElement;
      if (active instanceof HTMLElement && active.tagName === 'IFRAME') active.blur();
    });
    await this.page.keyboard.press('Control+1');
  }

  /** Quick Open (Ctrl+P) on a file name; returns its editor once its text is on screen. */
  async openFile(fileName: string, relativeDir?: string): Promise<Locator> {
    await this.focusFirstGroup();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: SHORT });
    await this.page.keyboard.type(relativeDir ? `${relativeDir}/${fileName}` : fileName);
    let rows = this.page.locator('.quick-input-list .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: exactly(fileName) }) });
    if (relativeDir) rows = rows.filter({ hasText: relativeDir });
    await rows.first().click({ timeout: SHORT });
    const editor = this.editor(fileName);
    await editor.locator('.view-lines .view-line').first().waitFor({ timeout: SHORT });
    return editor;
  }

  /** The text editor whose group shows `fileName` as the active tab. */
  editor(fileName: string): Locator {
    const tab = this.page.locator(`.tab.active[data-resource-name="${fileName}"]`);
    return this.page.locator('.editor-group-container', { has: tab }).locator('.editor-instance .monaco-editor').first();
  }

  async activeEditorTitle(): Promise<string> {
    const tab = this.page.locator('.editor-group-container.active .tab.active').first();
    return (await tab.getAttribute('data-resource-name', { timeout: SHORT })) ?? '';
  }

  /** Ctrl+G to `line` (1-based) and `column` (1-based, default 1) in the focused editor. */
  async goTo(line: number, column = 1): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.page.locator('.quick-input-widget input').waitFor({ timeout: SHORT });
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await waitUntil(async () => {
      const c = await this.cursor();
      return c.line === line && c.column === column;
    }, SHORT);
  }

  /** The cursor position from the status bar ("Ln 10, Col 1"). */
  async cursor(): Promise<{ line: number; column: number }> {
    const text = (await this.page.locator('.statusbar-item[id="status.editor.selection"]').textContent({ timeout: SHORT })) ?? '';
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    return m ? { line: Number(m[1]), column: Number(m[2]) } : { line: -1, column: -1 };
  }

  /** The rendered lines of an editor, by line number (only those on screen). */
  async renderedLines(editor: Locator): Promise<Map<number, string>> {
    const pairs = await editor.evaluateAll((editors) => {
      const root = editors[0];
      const byTop = new Map<number, string>();
      for (const el of Array.from(root.querySelectorAll<HTMLElement>('.margin-view-overlays > div'))) {
        const n = el.querySelector('.line-numbers')?.textContent?.trim();
        if (n) byTop.set(parseFloat(el.style.top), n);
      }
      const out: Array<[number, string]> = [];
      for (const el of Array.from(root.querySelectorAll<HTMLElement>('.view-lines > .view-line'))) {
        const n = byTop.get(parseFloat(el.style.top));
        if (n) out.push([Number(n), (el.textContent ?? '').replace(/\u00a0/g, ' ')]);
      }
      return out;
    });
    return new Map(pairs);
  }

  /** The text of line `line` (1-based) of the editor; moves the cursor there so that it is rendered. */
  async lineText(editor: Locator, line: number): Promise<string> {
    await this.goTo(line);
    const text = (await this.renderedLines(editor)).get(line);
    if (text === undefined) throw new Error(`line ${line} is not rendered`);
    return text;
  }

  /** Replaces line `line` (after its indentation) with `text`, by typing. */
  async replaceLine(line: number, text: string): Promise<void> {
    await this.goTo(line);
    await this.page.keyboard.press('End');
    await this.page.keyboard.press('Shift+Home');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.type(text);
  }

  async runCommand(title: string): Promise<void> {
    await this.page.evaluate(() => {
      const active = document.activeElement;
      if (active instanceof HTMLElement && active.tagName === 'IFRAME') active.blur();
    });
    await this.page.keyboard.press('Control+Shift+P');
    await this.page.locator('.quick-input-widget input').waitFor({ timeout: SHORT });
    await this.page.keyboard.type(title);
    const row = this.page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(title) }) })
      .first();
    await row.click({ timeout: SHORT });
  }

  async showProblems(): Promise<Locator> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ timeout: SHORT });
    return panel;
  }

  /** The Problems panel's marker rows (file rows excluded). */
  async problems(): Promise<ProblemRow[]> {
    const panel = await this.showProblems();
    return panel.locator('.monaco-list-row').evaluateAll((rows) =>
      rows
        .filter((r) => r.querySelector('.marker-message-details, .marker-code, .marker-source') !== null || /\[Ln \d+, Col \d+\]/.test((r as HTMLElement).innerText))
        .map((r) => ({ text: (r as HTMLElement).innerText.replace(/\s+/g, ' ').trim(), ariaLabel: r.getAttribute('aria-label') ?? '' })),
    );
  }

  /** Ctrl+Space; the labels the suggest widget lists once it has settled. */
  async suggestions(): Promise<string[]> {
    await this.page.keyboard.press('Control+Space');
    const widget = this.page.locator('.editor-widget.suggest-widget.visible');
    await widget.locator('.monaco-list-row').first().waitFor({ timeout: SHORT });
    let previous = '';
    let labels: string[] = [];
    // The list can still grow while providers answer: read until two reads agree.
    await waitUntil(async () => {
      labels = await widget.locator('.monaco-list-row .label-name').allTextContents();
      const now = labels.join('|');
      const stable = now === previous;
      previous = now;
      return stable;
    }, SHORT);
    return labels;
  }

  /** Ctrl+K Ctrl+I (Show Hover) at the cursor; the hover's text. */
  async hoverAtCursor(): Promise<string> {
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    const hover = this.page.locator('.monaco-hover:not(.hidden) .hover-contents').first();
    await hover.waitFor({ timeout: SHORT });
    return (await this.page.locator('.monaco-hover:not(.hidden)').first().innerText()).trim();
  }

  /** Ctrl+. at the cursor and picks the code action titled `title`. */
  async applyQuickFix(title: string): Promise<void> {
    await this.page.keyboard.press('Control+.');
    const widget = this.page.locator('.action-widget:not(.action-list-submenu-panel)');
    await widget.locator('.monaco-list-row.action', { hasText: title }).first().click({ timeout: SHORT });
    await widget.waitFor({ state: 'hidden', timeout: SHORT });
  }

  /** Preferences: Color Theme, picked from the list. */
  async setTheme(label: 'Light 2026' | 'Dark 2026'): Promise<void> {
    await this.focusFirstGroup();
    await this.runCommand('Preferences: Color Theme');
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${label}`) }).first().click({ timeout: SHORT });
    const cls = label.startsWith('Dark') ? 'vs-dark' : 'vs';
    await waitUntil(async () => {
      const classes = ((await this.page.locator('.monaco-workbench').getAttribute('class')) ?? '').split(/\s+/);
      return classes.includes(cls);
    }, SHORT);
  }

  /** The hook count of the Helm Hooks status bar item ("11 hooks"), without the chart's problem counts before it. */
  async statusBarHookCount(): Promise<string> {
    const item = this.page.locator('.statusbar-item', { hasText: /\d+ hooks?$/ }).first();
    await item.waitFor({ timeout: LONG });
    const text = (await item.textContent())?.trim() ?? '';
    return /\d+ hooks?$/.exec(text)?.[0] ?? text;
  }

  /** The execution-order page: the webview's content frame inside its host frame. */
  orderPage(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  /** Hook names of the panel's selected command, in display order. */
  async panelHookNames(): Promise<string[]> {
    return this.orderPage().locator('.timeline .hook-row .name').allTextContents();
  }

  async selectPanelCommand(command: string): Promise<void> {
    const page = this.orderPage();
    await page.locator(`#tab-${command}`).click({ timeout: SHORT });
    await page.locator(`#tab-${command}[aria-selected="true"]`).waitFor({ timeout: SHORT });
  }

  /** Waits until the panel's hook names (selected command) equal `expected`; returns the last names read. */
  async waitForPanelHookNames(expected: string[], timeoutMs = SHORT): Promise<string[]> {
    let names: string[] = [];
    try {
      await waitUntil(async () => {
        names = await this.panelHookNames();
        return JSON.stringify(names) === JSON.stringify(expected);
      }, timeoutMs);
    } catch {
      // the caller's assertion shows the difference
    }
    return names;
  }

  async screenshot(dir: string, name: string): Promise<string> {
    const file = path.join(dir, `${name}.png`);
    await this.page.mouse.move(1, 450); // no tooltip from whatever was clicked last
    await this.page.waitForTimeout(600);
    await this.page.screenshot({ path: file });
    return file;
  }
}
