/**
 * The value set of each chart on the extension side: remembered per chart in the workspace state, sent to the
 * language server (`helmHooks/valueSet`, which the built-in render, CodeLens, hover and status bar then use), the
 * values-file QuickPick (the chart's YAML files, or Browse… for one elsewhere), and "Verify with helm"
 * (`helmHooks/renderedOrder` with the same value set and the machine-scoped helm path). Workspace Trust decides
 * whether helm may run.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { OrderResult } from '../../server/src/engine/types';
import type { RenderedOrderParams, ValueSetParams } from '../../server/src/lspExtensions';
import { configuredHelmPath, locateHelm, manageWorkspaceTrust, openHelmSettings } from './helmSetup';
import {
  isDefaultValueSet,
  isValuesFileCandidate,
  readValueSet,
  sortCandidates,
  valueSetParams,
  valuesFileEntry,
  verifyParams,
  type ValueSet,
} from './valueSet';

/** What the panel needs for value sets and Verify with helm; a fake stands in for it in tests. */
export interface ValueSetSupport {
  /** Helm may run: the workspace is trusted. */
  isTrusted(): boolean;
  readonly onDidGrantTrust: vscode.Event<void>;
  /** The chart's value set changed (the panel's form, or another window of the panel). */
  readonly onDidChange: vscode.Event<string>;
  get(chartRoot: string): ValueSet;
  /** Remembers the value set and hands it to the language server. */
  update(chartRoot: string, valueSet: ValueSet): Promise<void>;
  /** Asks for one more values file; its entry (relative inside the chart), or undefined when cancelled. */
  pickValuesFile(chartRoot: string, chosen: readonly string[]): Promise<string | undefined>;
  /** Helm's order of the chart with this value set (`verify` compares it with the built-in render); `null` when cancelled. */
  verify(chartRoot: string, valueSet: ValueSet, token: vscode.CancellationToken): Promise<OrderResult | null>;
  locateHelm(): Promise<string | undefined>;
  openHelmSettings(): Promise<void>;
  trustWorkspace(): Promise<void>;
}

/** The language client's side: `null` when the server is not running. */
export interface ValueSetConnection {
  sendValueSet(params: ValueSetParams): Promise<void>;
  renderedOrder(params: RenderedOrderParams, token: vscode.CancellationToken): Promise<OrderResult | null>;
}

const KEY_PREFIX = 'helmHooks.valueSet:';
/** What earlier versions remembered (rendered mode's preferences): the same fields, read once. */
const OLD_KEY_PREFIX = 'helmHooks.render:';

/** A chart of thousands of files: the QuickPick lists what a bounded walk finds. */
const MAX_ENTRIES = 5000;
const MAX_DEPTH = 6;

export class ChartValueSets implements ValueSetSupport, vscode.Disposable {
  private readonly granted = new vscode.EventEmitter<void>();
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly trustListener: vscode.Disposable;
  readonly onDidGrantTrust = this.granted.event;
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly connection: ValueSetConnection,
  ) {
    this.trustListener = vscode.workspace.onDidGrantWorkspaceTrust(() => this.granted.fire());
  }

  dispose(): void {
    this.trustListener.dispose();
    this.granted.dispose();
    this.changed.dispose();
  }

  isTrusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  get(chartRoot: string): ValueSet {
    return readValueSet(this.state.get(KEY_PREFIX + chartRoot) ?? this.state.get(OLD_KEY_PREFIX + chartRoot));
  }

  async update(chartRoot: string, valueSet: ValueSet): Promise<void> {
    const vs = readValueSet(valueSet);
    await this.state.update(KEY_PREFIX + chartRoot, isDefaultValueSet(vs) ? undefined : vs);
    if (this.state.get(OLD_KEY_PREFIX + chartRoot) !== undefined) await this.state.update(OLD_KEY_PREFIX + chartRoot, undefined);
    await this.send(chartRoot, vs);
    this.changed.fire(chartRoot);
  }

  /** Every remembered value set to a (re)started server: CodeLens and the status bar use them without the panel. */
  async sendAll(): Promise<void> {
    const roots = new Set<string>();
    for (const key of this.state.keys()) {
      if (key.startsWith(KEY_PREFIX)) roots.add(key.slice(KEY_PREFIX.length));
      else if (key.startsWith(OLD_KEY_PREFIX)) roots.add(key.slice(OLD_KEY_PREFIX.length));
    }
    for (const root of roots) {
      const vs = this.get(root);
      if (!isDefaultValueSet(vs)) await this.send(root, vs);
    }
  }

  private async send(chartRoot: string, vs: ValueSet): Promise<void> {
    try {
      await this.connection.sendValueSet(valueSetParams(chartRoot, vs));
    } catch {
      // Not running: `sendAll` hands it over when the server is back.
    }
  }

  async pickValuesFile(chartRoot: string, chosen: readonly string[]): Promise<string | undefined> {
    type Item = vscode.QuickPickItem & { entry?: string; browse?: true };
    const files = sortCandidates((await chartYamlFiles(chartRoot)).filter((f) => isValuesFileCandidate(f) && !chosen.includes(f)));
    const items: Item[] = files.map((f) => ({ label: f, description: path.posix.dirname(f) === '.' ? 'chart root' : undefined, entry: f }));
    items.push(
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: '$(folder-opened) Browse…', description: 'a values file outside the chart', browse: true, alwaysShow: true },
    );
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Add a values file',
      placeHolder: files.length ? 'A YAML file of the chart, or Browse… for one elsewhere' : 'No other YAML file in the chart: Browse… for one elsewhere',
      matchOnDescription: true,
    });
    if (!picked) return undefined;
    if (picked.entry) return picked.entry;
    const uris = await vscode.window.showOpenDialog({
      title: 'Add a values file',
      openLabel: 'Add',
      canSelectFiles: true,
      canSelectFolders: false,
      canSelectMany: false,
      defaultUri: vscode.Uri.file(chartRoot),
      filters: { YAML: ['yaml', 'yml'], 'All files': ['*'] },
    });
    const file = uris?.[0];
    return file ? valuesFileEntry(chartRoot, file.fsPath) : undefined;
  }

  verify(chartRoot: string, valueSet: ValueSet, token: vscode.CancellationToken): Promise<OrderResult | null> {
    const seconds = vscode.workspace.getConfiguration('helmHooks').get<number>('render.timeout');
    const timeoutMs = typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : undefined;
    return this.connection.renderedOrder(verifyParams(chartRoot, valueSet, configuredHelmPath(), timeoutMs), token);
  }

  locateHelm(): Promise<string | undefined> {
    return locateHelm();
  }

  openHelmSettings(): Promise<void> {
    return openHelmSettings();
  }

  trustWorkspace(): Promise<void> {
    return manageWorkspaceTrust();
  }
}

/** The chart's YAML files (relative, with `/`), a bounded walk that skips dot folders and what Helm renders. */
async function chartYamlFiles(chartRoot: string): Promise<string[]> {
  const out: string[] = [];
  let seen = 0;
  const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || seen > MAX_ENTRIES) return;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) return;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || entry.name === 'templates' || entry.name === 'node_modules') continue;
        await walk(path.join(dir, entry.name), childRel, depth + 1);
      } else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) {
        out.push(childRel);
      }
    }
  };
  await walk(chartRoot, '', 0);
  return out;
}

