/**
 * The execution-order panel on a real chart, in the real VS Code (code-server + Chromium, the extension installed
 * from the VSIX): kube-prometheus-stack from the shared corpus (copied into a temp workspace; when the corpus is
 * absent the test says so and uses examples/upgrade-with-backup instead).
 *
 * What a user of a chart with hundreds of resources meets: hooks not buried under resources (groups by kind, closed,
 * with counts; a filter), every command tab reachable in a 400 px wide panel, a sticky part of at most a sixth of the
 * height, nothing cut without a tooltip, WCAG AA contrast of every text in six themes, every control by keyboard.
 * Screenshots of the panel in light, dark and high contrast land in test-results/e2e/screenshots/ (and in docs/ with
 * E2E_UPDATE_DOCS=1).
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { waitUntil, type Browser, type CodeServer } from './harness/codeServer';
import { REPO_ROOT, resultsDir, slug } from './harness/tools';
import { Workbench } from './harness/workbench';
import { closeWindow, openWindow } from './harness/window';
import { parseAllDocuments } from 'yaml';
import { realHelm } from '../rendered/helmBinaries';
import type { Frame, FrameLocator, Page } from './harness/playwright';
import { runFolderWith, type RunFolder } from './harness/workspace';

const CORPUS = process.env.HELM_HOOKS_CORPUS ?? path.resolve(REPO_ROOT, '..', 'shared', 'corpus');
const KPS = path.join(CORPUS, 'charts', 'prometheus-community+helm-charts__kube-prometheus-stack');
const HELM = path.join(REPO_ROOT, '.tools', 'helm', '4', 'helm');
const SHORT = 15_000;

/** The chart the suite opens: the real one when the corpus is here, the example chart otherwise. */
interface ChartUnderTest {
  folder: string;
  /** A hook template of the chart (unique file name, for Quick Open). */
  hookFile: string;
  real: boolean;
}

function chooseChart(): { source: string; chart: ChartUnderTest } {
  if (fs.existsSync(path.join(KPS, 'Chart.yaml'))) {
    return { source: KPS, chart: { folder: 'kube-prometheus-stack', hookFile: 'job-createSecret.yaml', real: true } };
  }
  console.log(`    The shared corpus was not found at ${CORPUS} (set HELM_HOOKS_CORPUS): the panel is tested on examples/upgrade-with-backup instead of kube-prometheus-stack.`);
  return { source: path.join(REPO_ROOT, 'examples', 'upgrade-with-backup'), chart: { folder: 'upgrade-with-backup', hookFile: 'db-backup.yaml', real: false } };
}

/** playwright's `evaluate` with an argument and `setViewportSize` (the harness types declare only what it uses). */
type FrameWithArg = Frame & { evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> };
type SizedPage = Page & {
  setViewportSize(size: { width: number; height: number }): Promise<void>;
  viewportSize(): { width: number; height: number } | null;
};

/** The themes the contrast test walks, as `workbench.colorTheme` names them, with the class the workbench takes. */
const THEMES: Array<{ id: string; label: string; workbench: string; body: string }> = [
  { id: 'Light Modern', label: 'Light Modern', workbench: 'vs', body: 'vscode-light' },
  { id: 'Dark Modern', label: 'Dark Modern', workbench: 'vs-dark', body: 'vscode-dark' },
  { id: 'Light 2026', label: 'Light 2026', workbench: 'vs', body: 'vscode-light' },
  { id: 'Dark 2026', label: 'Dark 2026', workbench: 'vs-dark', body: 'vscode-dark' },
  { id: 'Default High Contrast', label: 'Dark High Contrast', workbench: 'hc-black', body: 'vscode-high-contrast' },
  { id: 'Default High Contrast Light', label: 'Light High Contrast', workbench: 'hc-light', body: 'vscode-high-contrast-light' },
];

interface Offender {
  text: string;
  where: string;
  fg: string;
  bg: string;
  ratio: number;
  required: number;
}

/**
 * Runs in the webview's page: every visible text (text nodes, input values and placeholders) and every codicon
 * glyph, with its contrast against the effective background (the element's and its ancestors' backgrounds
 * composited, alpha blended, over the page; the text colour's own alpha and the ancestors' opacity applied).
 * WCAG 2.x AA: 4.5:1 for text, 3:1 for large text (24 px, or 18.66 px bold) and for icons (non-text).
 * Disabled controls are exempt (WCAG 1.4.3 "inactive user interface component").
 */
function contrastProbe(): { checked: number; offenders: Offender[] } {
  type RGBA = [number, number, number, number];
  const parse = (c: string): RGBA | undefined => {
    let m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(c);
    if (!m) m = /^color\(srgb\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(?:\s*\/\s*([\d.]+%?))?\s*\)$/.exec(c);
    if (!m) return undefined;
    const scale = c.startsWith('color(') ? 255 : 1;
    const a = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return [parseFloat(m[1]) * scale, parseFloat(m[2]) * scale, parseFloat(m[3]) * scale, a];
  };
  const over = (top: RGBA, under: RGBA): RGBA => {
    const a = top[3];
    return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
  };
  const lum = (c: RGBA) => {
    const ch = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2]);
  };
  const ratio = (a: RGBA, b: RGBA) => {
    const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  const show = (c: RGBA) => `rgb(${c.slice(0, 3).map((v) => Math.round(v)).join(',')})`;
  /** The element's background: its ancestors' backgrounds composited from the page down; and its opacity. */
  const background = (elem: Element): { bg: RGBA; opacity: number } => {
    const chain: Element[] = [];
    for (let e: Element | null = elem; e; e = e.parentElement) chain.unshift(e);
    let bg: RGBA = parse(getComputedStyle(document.documentElement).backgroundColor) ?? [255, 255, 255, 0];
    if (bg[3] < 1) bg = over(bg, parse(getComputedStyle(document.body).backgroundColor) ?? [255, 255, 255, 1]);
    if (bg[3] < 1) bg = over(bg, [255, 255, 255, 1]);
    let opacity = 1;
    for (const e of chain) {
      const style = getComputedStyle(e);
      opacity *= parseFloat(style.opacity);
      const c = parse(style.backgroundColor);
      if (c && c[3] > 0) bg = over(c, bg);
    }
    return { bg, opacity };
  };
  const visible = (e: Element) => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const style = getComputedStyle(e);
    return style.visibility !== 'hidden' && style.display !== 'none' && e.closest('[hidden]') === null;
  };
  const offenders: Offender[] = [];
  let checked = 0;
  const check = (e: Element, text: string, color: string, kind: 'text' | 'icon') => {
    if (!visible(e) || e.closest(':disabled, [aria-disabled="true"]')) return;
    const fg = parse(color);
    if (!fg) return;
    const { bg, opacity } = background(e);
    const seen = over([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
    const style = getComputedStyle(e);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const required = kind === 'icon' || large ? 3 : 4.5;
    const r = ratio(seen, bg);
    checked++;
    if (r + 1e-6 < required) {
      let painted: Element | null = e;
    while (painted && (parse(getComputedStyle(painted).backgroundColor)?.[3] ?? 0) === 0) painted = painted.parentElement;
    const name = (x: Element | null) => (x ? [x.tagName.toLowerCase(), ...Array.from(x.classList)].join('.') : 'page');
    const where = `${name(e)} (background of ${name(painted)})`;
      offenders.push({ text: text.slice(0, 60), where, fg: show(seen), bg: show(bg), ratio: Math.round(r * 100) / 100, required });
    }
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.nodeValue ?? '').trim();
    const parent = n.parentElement;
    if (!text || !parent || parent.closest('script, style')) continue;
    check(parent, text, getComputedStyle(parent).color, 'text');
  }
  for (const input of Array.from(document.querySelectorAll<HTMLInputElement>('input[type="text"], input[type="search"]'))) {
    if (input.value) check(input, input.value, getComputedStyle(input).color, 'text');
    else if (input.placeholder) check(input, `placeholder: ${input.placeholder}`, getComputedStyle(input, '::placeholder').color, 'text');
  }
  for (const glyph of Array.from(document.querySelectorAll('.codicon'))) check(glyph, `icon ${glyph.className}`, getComputedStyle(glyph, '::before').color, 'icon');
  return { checked, offenders };
}

describe('VS Code: the order panel on a real chart (scale, width, contrast, keyboard)', function () {
  this.timeout(180_000);
  const { source, chart } = chooseChart();
  let run: RunFolder;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let wb: Workbench;
  let failed = false;
  const shots = resultsDir('screenshots');
  const measured: string[] = [];

  const panel = (): FrameLocator => wb.orderPage();

  /** The webview's page, for measuring in it (re-read each time: VS Code recreates it when it is hidden). */
  async function frame(): Promise<FrameWithArg> {
    const handle = await wb.page.frameLocator('iframe.webview.ready').locator('iframe#active-frame').elementHandle({ timeout: SHORT });
    const f = await handle?.contentFrame();
    assert.ok(f, 'the webview content frame');
    return f as FrameWithArg;
  }

  /** Resizes the browser until the webview's page is `width` × `height` CSS pixels (it fills the only editor group). */
  async function sizePanel(width: number, height: number): Promise<{ width: number; height: number }> {
    let size = { width: 0, height: 0 };
    let viewport = (wb.page as SizedPage).viewportSize() ?? { width: 1400, height: 900 };
    for (let i = 0; i < 4; i++) {
      size = await (await frame()).evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));
      if (size.width === width && size.height === height) break;
      viewport = { width: viewport.width + width - size.width, height: viewport.height + height - size.height };
      await (wb.page as SizedPage).setViewportSize(viewport);
      await wb.page.waitForTimeout(600);
    }
    return size;
  }

  /** Preferences: Color Theme, as a user picks it; the choice lands in the user settings' `workbench.colorTheme`. */
  async function setTheme(theme: (typeof THEMES)[number]): Promise<void> {
    assert.ok(server);
    await wb.focusFirstGroup();
    await wb.runCommand('Preferences: Color Theme');
    await wb.page.keyboard.type(theme.label);
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${theme.label}`) }).first().click({ timeout: SHORT });
    const file = path.join(server.userDataDir, 'User', 'settings.json');
    const setting = () => {
      try {
        return (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>)['workbench.colorTheme'];
      } catch {
        return null; // being written
      }
    };
    // VS Code leaves the default theme (Light 2026 in 1.139) out of the settings file.
    const expected = theme.id === 'Light 2026' ? undefined : theme.id;
    await waitUntil(() => setting() === expected, SHORT).catch(() => undefined);
    assert.strictEqual(setting(), expected, 'the theme is the user setting workbench.colorTheme');
    await waitUntil(async () => ((await wb.page.locator('.monaco-workbench').getAttribute('class')) ?? '').split(/\s+/).includes(theme.workbench), 30_000);
    await waitUntil(async () => (await (await frame()).evaluate(() => document.body.className)).split(/\s+/).includes(theme.body), 30_000);
    await wb.page.waitForTimeout(300); // the webview's style variables arrive with the class
  }

  /** The panel alone in the editor area (a file opened from it goes beside it). */
  async function panelAlone(): Promise<void> {
    await wb.runCommand('View: Join All Editor Groups');
    await wb.page.locator('.tab[data-resource-name^="webview-helmHooks.executionOrder"]').click();
    await wb.page.locator('.tab.active[data-resource-name^="webview-helmHooks.executionOrder"]').waitFor({ timeout: SHORT });
    await panel().locator('.timeline').waitFor({ timeout: 60_000 });
  }

  async function selectTab(command: string): Promise<void> {
    await wb.selectPanelCommand(command);
    await panel().locator('.timeline').waitFor({ timeout: SHORT });
  }

  before(async function () {
    this.timeout(300_000);
    failed = true; // until the panel is up: a failed set-up keeps its logs and run folder
    run = runFolderWith('panel', { source, folder: chart.folder });
    // helmHooks.helm.path is machine-scoped: in code-server (a remote window) it lives in the Machine settings.
    if (fs.existsSync(HELM)) {
      fs.mkdirSync(path.join(run.dir, 'profile', 'Machine'), { recursive: true });
      fs.writeFileSync(path.join(run.dir, 'profile', 'Machine', 'settings.json'), JSON.stringify({ 'helmHooks.helm.path': HELM }, null, 2));
    }
    ({ server, browser, wb } = await openWindow(run, chart.folder));
    await wb.openFile(chart.hookFile);
    await wb.runCommand('Helm Hooks: Show Execution Order');
    await panel().locator('.timeline').waitFor({ timeout: 90_000 });
    // The panel alone in the editor area, the side bar closed (no bottom panel is open): its size is the window's.
    await wb.runCommand('View: Close Primary Side Bar');
    await panelAlone();
    failed = false;
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    failed = true;
    if (browser) await wb.screenshot(resultsDir('failures'), slug(`panel ${this.currentTest.title}`)).catch(() => undefined);
  });

  after(async function () {
    this.timeout(60_000);
    if (measured.length) console.log(measured.map((m) => `      ${m}`).join('\n'));
    if (failed && browser && wb) await wb.screenshot(resultsDir('failures'), 'panel-last-state').catch(() => undefined);
    await closeWindow(run, { server, browser }, failed, 'panel');
  });

  it('keeps hooks in sight: resources folded by kind with counts, the post-install hooks near the top', async function () {
    await sizePanel(800, 800);
    await selectTab('install');
    const p = panel();
    const f = await frame();
    const layout = await f.evaluate(() => {
      const groups = Array.from(document.querySelectorAll('[data-key="step|resources|create"] .group-toggle')).map((b) => ({
        text: (b.textContent ?? '').trim(),
        expanded: b.getAttribute('aria-expanded'),
      }));
      const resources = Number(/(\d+) resources?/.exec(document.querySelector('[data-key="step|resources|create"] .step-count')?.textContent ?? '')?.[1] ?? -1);
      const firstPost = document.querySelector('[data-key="step|hooks|post-install"] .hook-row');
      const top = firstPost ? firstPost.getBoundingClientRect().top + window.scrollY : -1;
      return { groups, resources, top, pageHeight: document.documentElement.scrollHeight, shownResourceRows: document.querySelectorAll('.resource-row').length };
    });
    assert.ok(layout.groups.length > 0, 'the created resources are grouped');
    for (const g of layout.groups) {
      assert.match(g.text, /^\S+ ×\d+$/, `a group reads "Kind ×count": ${g.text}`);
      assert.strictEqual(g.expanded, 'false', `${g.text} is closed by default`);
    }
    const sum = layout.groups.reduce((n, g) => n + Number(/×(\d+)$/.exec(g.text)![1]), 0);
    assert.strictEqual(sum, layout.resources, 'the groups\' counts add up to the step\'s resources');
    assert.strictEqual(layout.shownResourceRows, 0, 'no resource row is shown until its group is opened');
    assert.ok(layout.top > 0, 'the install tab has post-install hooks');
    measured.push(`${chart.folder}: install tab, ${layout.resources} resources in ${layout.groups.length} groups; first post-install hook at ${Math.round(layout.top)} px (page ${layout.pageHeight} px tall)`);
    // Issue 18 measured 24,556 px before this change: a chart's hooks are now within a few screens.
    assert.ok(layout.top < 4000, `the first post-install hook starts ${layout.top} px down the page`);

    // A group opens on click: its resources, one line each, names aligned in a straight column.
    const toggle = p.locator('[data-key="step|resources|create"] .group-toggle').first();
    await toggle.click();
    await p.locator('[data-key="step|resources|create"] .group-toggle[aria-expanded="true"]').first().waitFor({ timeout: SHORT });
    const rows = await f.evaluate(() => {
      const group = document.querySelector('[data-key="step|resources|create"] .kind-group.open');
      return Array.from(group?.querySelectorAll('.resource-row') ?? []).map((r) => ({ left: (r.querySelector('.name') as HTMLElement).getBoundingClientRect().left, height: r.getBoundingClientRect().height, name: r.querySelector('.name')?.textContent ?? '' }));
    });
    const count = Number(/×(\d+)$/.exec(((await toggle.textContent()) ?? '').trim())?.[1]);
    assert.strictEqual(rows.length, count, 'the opened group shows all its resources');
    assert.ok(rows.every((r) => r.name.length > 0), 'every resource has a name');
    assert.strictEqual(new Set(rows.map((r) => Math.round(r.left))).size, 1, 'names start at one x: a straight list');
    await toggle.click();
    await p.locator('[data-key="step|resources|create"] .group-toggle[aria-expanded="true"]').waitFor({ state: 'detached', timeout: SHORT }).catch(() => undefined);
  });

  it('shows the hooks with the names and weights Helm gives them: the built-in render, compared with real helm template', async function () {
    const helm = realHelm(4);
    await sizePanel(800, 800);
    await selectTab('install');
    // The built-in render replaces the first (static) reading once it lands: no `{{…}}` is left in a hook's name.
    await waitUntil(async () => (await (await frame()).evaluate(() => Array.from(document.querySelectorAll('.timeline .hook-row .name')).every((n) => !(n.textContent ?? '').includes('{{')))), 60_000).catch(() => undefined);
    const f = await frame();
    const shown = await f.evaluate(() =>
      ['pre-install', 'post-install'].map((event) =>
        Array.from(document.querySelectorAll(`[data-key="step|hooks|${event}"] .hook-row`)).map((r) => ({
          event,
          kind: r.querySelector('.kind')?.textContent ?? '',
          name: r.querySelector('.name')?.textContent ?? '',
          weight: Number(/-?\d+/.exec(r.querySelector('.weight')?.textContent ?? '')?.[0]),
        })),
      ),
    );
    // Real Helm on the same files, with the panel's default value set (release-name, namespace default).
    const out = execFileSync(helm, ['template', 'release-name', path.join(run.workspace, chart.folder), '--namespace', 'default'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, HELM_CACHE_HOME: path.join(run.dir, 'helm-cache'), HELM_CONFIG_HOME: path.join(run.dir, 'helm-config'), HELM_DATA_HOME: path.join(run.dir, 'helm-data') },
    });
    const helmHooks = parseAllDocuments(out)
      .map((d) => d.toJS() as { kind?: string; metadata?: { name?: string; annotations?: Record<string, string> } } | null)
      .flatMap((d) => {
        const events = (d?.metadata?.annotations?.['helm.sh/hook'] ?? '').split(',').map((e) => e.trim());
        const weight = Number(d?.metadata?.annotations?.['helm.sh/hook-weight'] ?? 0);
        return ['pre-install', 'post-install'].filter((e) => events.includes(e)).map((event) => ({ event, kind: d?.kind ?? '', name: d?.metadata?.name ?? '', weight }));
      });
    const key = (h: { event: string; kind: string; name: string; weight: number }): string => `${h.event} ${h.kind} ${h.name} weight ${h.weight}`;
    assert.ok(helmHooks.length > 0, 'helm template renders install hooks for this chart');
    const rows = shown.flat();
    measured.push(`${chart.folder}: install hooks in the panel: ${rows.map(key).join('; ')}`);
    assert.ok(rows.every((r) => !r.name.includes('{{')), `no templated placeholder is shown: ${rows.map((r) => r.name).join(', ')}`);
    assert.deepStrictEqual(rows.map(key).sort(), helmHooks.map(key).sort(), 'the panel lists the install hooks helm template renders: event, kind, name and weight');
    for (const event of shown) {
      const weights = event.map((r) => r.weight);
      assert.deepStrictEqual(weights, [...weights].sort((a, b) => a - b), `${event[0]?.event ?? 'an event'}: the panel runs lower weights first`);
    }
  });

  it('lists the CRDs from crds/ by name, one straight line each', async function () {
    const p = panel();
    if (!chart.real) {
      console.log('    (the example chart has no crds/ folder: the CRD list is checked on kube-prometheus-stack only)');
      assert.strictEqual(await p.locator('[data-key="step|resources|crds"] .resource-row').count(), 0);
      return;
    }
    const toggle = p.locator('[data-key="step|resources|crds"] .group-toggle');
    assert.strictEqual(await toggle.count(), 1, 'the CRDs are one group');
    assert.match(((await toggle.textContent()) ?? '').trim(), /^CustomResourceDefinition ×\d+$/);
    await toggle.click();
    const f = await frame();
    const rows = await f.evaluate(() =>
      Array.from(document.querySelectorAll('[data-key="step|resources|crds"] .resource-row')).map((r) => {
        const name = r.querySelector('.name') as HTMLElement;
        const lineHeight = parseFloat(getComputedStyle(r).lineHeight);
        return { name: name.textContent ?? '', left: name.getBoundingClientRect().left, lines: r.getBoundingClientRect().height / lineHeight };
      }),
    );
    assert.ok(rows.length >= 5, `kube-prometheus-stack ships its CRDs in charts/crds/crds: ${rows.length}`);
    for (const r of rows) {
      assert.match(r.name, /\S/, 'a CRD row has a name');
      assert.ok(r.lines < 1.9, `${r.name} takes one line (${r.lines.toFixed(2)} lines)`);
    }
    assert.strictEqual(new Set(rows.map((r) => Math.round(r.left))).size, 1, 'no zigzag: every name starts at the same x');
    await toggle.click();
  });

  it('narrows every tab with the filter (kind, name, path; hooks and resources)', async function () {
    const p = panel();
    await selectTab('install');
    const before = await p.locator('#tab-upgrade .count').textContent();
    const input = p.locator('#filter');
    const word = chart.real ? 'patch' : 'backup';
    await input.fill(word);
    await p.locator('.filter-status').waitFor({ timeout: SHORT });
    for (const command of ['install', 'upgrade', 'uninstall']) {
      await selectTab(command);
      const shown = await (await frame()).evaluate((w) => {
        const rows = Array.from(document.querySelectorAll('.timeline .row'));
        return {
          rows: rows.map((r) => ({ text: `${r.querySelector('.kind')?.textContent ?? r.closest('.kind-group')?.querySelector('.kind')?.textContent ?? ''} ${r.querySelector('.name')?.textContent ?? ''} ${r.querySelector('.file')?.textContent ?? ''}`, match: (r.textContent ?? '').toLowerCase().includes(w) })),
          status: document.querySelector('.filter-status')?.textContent ?? '',
        };
      }, word);
      for (const r of shown.rows) assert.ok(r.match, `${command}: "${r.text}" matches "${word}"`);
      assert.match(shown.status, /match the filter/);
    }
    await selectTab('install');
    assert.ok((await p.locator('.timeline .hook-row').count()) > 0, `install hooks named or placed "${word}" are shown`);
    assert.notStrictEqual(await p.locator('#tab-upgrade .count').textContent(), null);
    // Escape in the box clears it: the counts are back.
    await input.click();
    await wb.page.keyboard.press('Escape');
    await p.locator('.filter-status').waitFor({ state: 'detached', timeout: SHORT });
    assert.strictEqual(await p.locator('#tab-upgrade .count').textContent(), before);
  });

  it('at 400 px wide: every tab reachable, sticky part at most a sixth of 800 px, nothing cut or covered', async function () {
    const size = await sizePanel(400, 800);
    measured.push(`panel size for the narrow test: ${size.width}×${size.height} px`);
    assert.strictEqual(size.width, 400);
    const p = panel();
    await selectTab('install');
    const f = await frame();
    const geometry = () =>
      f.evaluate(() => {
        const toolbar = document.querySelector('.toolbar')!.getBoundingClientRect();
        const sticky = Array.from(document.querySelectorAll('body *')).filter((e) => ['sticky', 'fixed'].includes(getComputedStyle(e).position));
        // What stays on screen when the page scrolls: the sticky elements' own heights.
        const stickyHeight = sticky.reduce((h, e) => h + e.getBoundingClientRect().height, 0);
        const titles = Array.from(document.querySelectorAll('.step-title')).map((t) => t.getBoundingClientRect());
        const tabs = document.querySelector('.tabs') as HTMLElement;
        return {
          stickyHeight,
          toolbarBottom: toolbar.bottom,
          firstTitleTop: titles[0]?.top ?? -1,
          pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
          wide: Array.from(document.querySelectorAll<HTMLElement>('body *'))
            .filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest('.tabs'))
            .slice(0, 8)
            .map((e) => `${e.tagName.toLowerCase()}.${e.className} (right ${Math.round(e.getBoundingClientRect().right)} px, scroll ${e.scrollWidth}/${e.clientWidth}): ${(e.textContent ?? '').slice(0, 50)}`),
          tabsScroll: tabs.scrollWidth > tabs.clientWidth ? getComputedStyle(tabs).overflowX : 'fits',
        };
      });
    const g = await geometry();
    measured.push(`400×800: sticky part ${Math.round(g.stickyHeight)} px (limit ${Math.floor(800 / 6)}), tabs ${g.tabsScroll}`);
    assert.ok(g.stickyHeight <= 800 / 6, `the sticky part is ${g.stickyHeight} px of 800`);
    assert.ok(g.firstTitleTop >= g.toolbarBottom, `the first step's title (${g.firstTitleTop}) is below the sticky bar (${g.toolbarBottom})`);
    assert.ok(g.pageOverflow <= 0 && g.wide.length === 0, `nothing sticks out sideways (${g.pageOverflow} px):\n${g.wide.join('\n')}`);
    assert.ok(g.tabsScroll === 'fits' || g.tabsScroll === 'auto', `a tablist wider than the panel scrolls: ${g.tabsScroll}`);

    // Every tab: reached with the arrow keys, fully on screen once focused, selected.
    await p.locator('#tab-install').click();
    for (const command of ['upgrade', 'rollback', 'uninstall', 'test']) {
      await wb.page.keyboard.press('ArrowRight');
      await p.locator(`#tab-${command}[aria-selected="true"]`).waitFor({ timeout: SHORT });
      const box = await f.evaluate((c) => {
        const r = document.getElementById(`tab-${c}`)!.getBoundingClientRect();
        const list = document.querySelector('.tabs')!.getBoundingClientRect();
        return { left: r.left, right: r.right, listLeft: list.left, listRight: list.right, focused: document.activeElement?.id === `tab-${c}` };
      }, command);
      assert.ok(box.focused, `${command} has the focus`);
      assert.ok(box.left >= box.listLeft - 0.5 && box.right <= box.listRight + 0.5 && box.right <= 400, `${command} is wholly in view: ${box.left}..${box.right} in ${box.listLeft}..${box.listRight}`);
    }
    await wb.page.keyboard.press('Home');
    await p.locator('#tab-install[aria-selected="true"]').waitFor({ timeout: SHORT });

    // Nothing is cut without a tooltip: text that overflows its box is in (or inside) an element with a title.
    const cut = await f.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.page *'))
        .filter((e) => e.getClientRects().length > 0 && e.scrollWidth > e.clientWidth + 1 && ['hidden', 'clip'].includes(getComputedStyle(e).overflowX))
        .filter((e) => !e.classList.contains('tabs') && !e.closest('[title]'))
        .map((e) => `${e.className}: ${(e.textContent ?? '').slice(0, 40)}`),
    );
    assert.deepStrictEqual(cut, [], 'text cut without a tooltip');

    // A row reached with the keyboard after scrolling is never under the sticky bar.
    await f.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await p.locator('.timeline .row[tabindex="0"]').first().click({ position: { x: 2, y: 2 } });
    await wb.page.keyboard.press('Home');
    const covered = await f.evaluate(() => {
      const row = document.activeElement!.getBoundingClientRect();
      return { rowTop: row.top, barBottom: document.querySelector('.toolbar')!.getBoundingClientRect().bottom };
    });
    assert.ok(covered.rowTop >= covered.barBottom - 1, `the focused row (${covered.rowTop}) is below the sticky bar (${covered.barBottom})`);
    await f.evaluate(() => window.scrollTo(0, 0));
  });

  it('folds the value set into one line with an Edit button (sticky part still at most a sixth)', async function () {
    await sizePanel(400, 800);
    const p = panel();
    const summary = p.locator('.render-summary');
    await summary.waitFor({ timeout: 60_000 });
    const text = ((await summary.locator('.render-summary-text').textContent()) ?? '').trim();
    assert.match(text, /^release \S+ · namespace \S+ · /);
    assert.strictEqual(await summary.locator('.render-summary-text').getAttribute('title'), text, 'the whole summary is its tooltip');
    const edit = summary.locator('[data-action="render-edit"]');
    assert.strictEqual(await edit.getAttribute('aria-expanded'), 'false');
    assert.strictEqual(await p.locator('#render-form').isVisible(), false, 'the form is folded');
    const f = await frame();
    const header = await f.evaluate(() => document.querySelector('.header')!.getBoundingClientRect().height);
    const sticky = await f.evaluate(() => Array.from(document.querySelectorAll('body *')).filter((e) => ['sticky', 'fixed'].includes(getComputedStyle(e).position)).reduce((h, e) => h + e.getBoundingClientRect().height, 0));
    measured.push(`value set folded at 400×800: sticky part ${Math.round(sticky)} px, header above it ${Math.round(header)} px ("${text}")`);
    assert.ok(sticky <= 800 / 6, `sticky ${sticky} px`);
    await edit.click();
    await p.locator('#render-form').waitFor({ state: 'visible', timeout: SHORT });
    assert.strictEqual(await edit.getAttribute('aria-expanded'), 'true');
    assert.strictEqual(await f.evaluate(() => document.activeElement?.id ?? ''), 'render-release', 'Edit puts the focus in the form');
    await wb.page.keyboard.press('Escape');
    await p.locator('#render-form').waitFor({ state: 'hidden', timeout: SHORT });
    assert.strictEqual(await f.evaluate(() => document.activeElement?.getAttribute('data-action') ?? ''), 'render-edit', 'Escape closes it, the focus back on Edit');
  });

  it('every text meets WCAG AA contrast in light, dark and high-contrast themes', async function () {
    this.timeout(300_000);
    await sizePanel(800, 800);
    const p = panel();
    await selectTab('install');
    // What is on screen besides the closed groups: one open group, a selected row, the filter with text.
    await p.locator('[data-key="step|resources|create"] .group-toggle').first().click();
    await p.locator('.timeline .hook-row .pos').first().click();
    const report: string[] = [];
    for (const theme of THEMES) {
      await setTheme(theme);
      for (const command of ['install', 'uninstall']) {
        await selectTab(command);
        const { checked, offenders } = await (await frame()).evaluate(contrastProbe);
        assert.ok(checked > 20, `${theme.id}: texts were checked (${checked})`);
        measured.push(`contrast ${theme.id}, ${command}: ${checked} texts and icons, ${offenders.length} below AA`);
        for (const o of offenders) measured.push(`  below AA: "${o.text}" ${o.where} ${o.fg} on ${o.bg} = ${o.ratio}:1 < ${o.required}:1`);
        for (const o of offenders) report.push(`${theme.id} (${command}): "${o.text}" ${o.where} ${o.fg} on ${o.bg} = ${o.ratio}:1 < ${o.required}:1`);
      }
    }
    await selectTab('install');
    await setTheme(THEMES[0]);
    assert.deepStrictEqual(report, [], `below WCAG AA:\n${report.join('\n')}`);
  });

  it('works by keyboard: Tab order, arrow keys in the tabs, Enter and Space on groups and rows, a visible focus ring', async function () {
    await sizePanel(800, 800);
    const p = panel();
    await selectTab('install');
    const f = await frame();
    await f.evaluate(() => window.scrollTo(0, 0));
    await p.locator('.chart-name').click();
    const stops: Array<{ what: string; ring: number; outline: string }> = [];
    for (let i = 0; i < 200; i++) {
      await wb.page.keyboard.press('Tab');
      const stop = await f.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        if (!e || e === document.body) return undefined;
        const style = getComputedStyle(e);
        const parse = (c: string) => (/rgba?\(([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(c) ?? []).slice(1).map(Number);
        const lum = (c: number[]) => {
          const ch = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : Math.pow((v / 255 + 0.055) / 1.055, 2.4));
          return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2]);
        };
        let bg = [255, 255, 255];
        for (let a: Element | null = document.body; a; a = null) bg = parse(getComputedStyle(a).backgroundColor);
        const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1 ? parse(style.outlineColor) : [];
        const contrast = ring.length ? (Math.max(lum(ring), lum(bg)) + 0.05) / (Math.min(lum(ring), lum(bg)) + 0.05) : 0;
        const what = e.id ? `#${e.id}` : e.classList.contains('row') ? 'row' : e.classList.contains('group-toggle') ? `group ${e.getAttribute('data-group')}` : `${e.tagName.toLowerCase()}.${e.className}`;
        return { what, ring: contrast, outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` };
      });
      if (!stop || stops.some((s) => s.what === stop.what)) break;
      stops.push(stop);
    }
    const order = stops.map((s) => s.what);
    measured.push(`keyboard: ${stops.length} tab stops: ${order.slice(0, 8).join(', ')}, …`);
    const tabStops = order.filter((w) => w.startsWith('#tab-'));
    assert.deepStrictEqual(tabStops, ['#tab-install'], 'the tablist is one tab stop (the selected tab)');
    assert.ok(order.indexOf('#filter') > order.indexOf('#tab-install'), 'the filter follows the tabs');
    assert.ok(order.some((w) => w.startsWith('group ')), 'the resource groups are reachable');
    assert.strictEqual(order.filter((w) => w === 'row').length, 1, 'the rows are one tab stop');
    assert.ok(order.includes('button.icon-button') || order.some((w) => w.includes('icon-button')), 'refresh is reachable');
    for (const s of stops) assert.ok(s.ring >= 3, `${s.what} shows a focus ring of 3:1 or more (${s.outline}, ${s.ring.toFixed(2)}:1)`);

    // The tabs: arrow keys move the selection and the focus (WAI-ARIA tabs, automatic activation).
    await p.locator('#tab-install').click();
    await wb.page.keyboard.press('ArrowRight');
    await p.locator('#tab-upgrade[aria-selected="true"]').waitFor({ timeout: SHORT });
    await wb.page.keyboard.press('End');
    await p.locator('#tab-test[aria-selected="true"]').waitFor({ timeout: SHORT });
    await wb.page.keyboard.press('ArrowRight');
    await p.locator('#tab-install[aria-selected="true"]').waitFor({ timeout: SHORT });

    // A group: Enter opens it, Space closes it.
    const toggle = p.locator('[data-key="step|resources|create"] .group-toggle').first();
    await toggle.click();
    if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click(); // closed, the focus on it
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'false');
    await wb.page.keyboard.press('Enter');
    await p.locator('[data-key="step|resources|create"] .group-toggle[aria-expanded="true"]').first().waitFor({ timeout: SHORT });
    assert.ok((await p.locator('[data-key="step|resources|create"] .resource-row').count()) > 0, 'Enter shows the rows');
    await wb.page.keyboard.press(' ');
    await p.locator('[data-key="step|resources|create"] .resource-row').first().waitFor({ state: 'detached', timeout: SHORT });

    // Rows: the arrow keys move, Enter opens the hook's template at its line.
    const first = p.locator('.timeline .hook-row').first();
    await first.locator('.pos').click();
    await wb.page.keyboard.press('ArrowDown');
    const second = p.locator('.timeline .hook-row').nth(1);
    await waitUntil(async () => (await second.getAttribute('aria-selected')) === 'true', SHORT);
    const file = path.basename((await second.getAttribute('data-file')) ?? '');
    await wb.page.keyboard.press('Enter');
    await waitUntil(async () => (await wb.activeEditorTitle()) === file, SHORT).catch(() => undefined);
    assert.strictEqual(await wb.activeEditorTitle(), file, 'Enter opened the row\'s file');
  });

  it('saves screenshots of the real chart\'s panel in light, dark and high contrast', async function () {
    this.timeout(240_000);
    const docs = process.env.E2E_UPDATE_DOCS === '1' ? path.join(REPO_ROOT, 'docs') : undefined;
    await panelAlone();
    await sizePanel(560, 760);
    const p = panel();
    await selectTab('install');
    // One group open, like a user looking at the ConfigMaps.
    const open = p.locator('[data-key="step|resources|create"] .group-toggle[aria-expanded="true"]');
    if ((await open.count()) === 0) await p.locator('[data-key="step|resources|create"] .group-toggle').first().click();
    for (const [theme, name] of [
      [THEMES[0], 'light'],
      [THEMES[1], 'dark'],
      [THEMES[4], 'high-contrast'],
    ] as const) {
      await setTheme(theme);
      await (await frame()).evaluate(() => window.scrollTo(0, 0));
      await wb.page.mouse.move(1, 1);
      await wb.page.waitForTimeout(500);
      const file = path.join(shots, `panel-${chart.real ? 'kube-prometheus-stack' : chart.folder}-${name}.png`);
      await wb.page.locator('iframe.webview.ready').screenshot({ path: file });
      const bytes = fs.statSync(file).size;
      measured.push(`screenshot ${path.basename(file)}: ${Math.round(bytes / 1024)} KB`);
      assert.ok(bytes > 10_000 && bytes < 250 * 1024, `${file} is a real, small screenshot (${bytes} bytes)`);
      if (docs && chart.real) fs.copyFileSync(file, path.join(docs, `order-panel-real-chart-${name}.png`));
    }
    await setTheme(THEMES[0]);
  });
});
