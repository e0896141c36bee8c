/**
 * From command-line PATHs to charts: a chart root, any folder or file inside a chart (that chart, or that one
 * file of it), or a folder holding charts somewhere below it (each of them). Paths are made real first, so a
 * chart reached through a symlink and the cwd agree on one spelling.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ARCHIVE_SEPARATOR } from '../engine/render/chartFiles';
import type { ChartModel } from '../engine/hooks/chartModel';
import type { ChartNode } from '../engine/documents/chartTree';
import type { ChartWorkspace } from '../engine/hooks/chartWorkspace';
import { UsageError } from './args';

export interface ChartTarget {
  model: ChartModel;
  /** Files to lint, or every file of the chart. */
  files: Set<string> | 'all';
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
/** A search below a folder stops after this many folders (a PATH of `/` should not scan the whole disk). */
const MAX_FOLDERS_SEARCHED = 20000;

/** Engine paths use `/` on every platform. */
export function slashes(p: string): string {
  return p.split(path.sep).join('/');
}

function realPath(p: string): string | undefined {
  try {
    return slashes(fs.realpathSync(p));
  } catch {
    return undefined;
  }
}

/** Chart roots at or below `dir`, not looking inside a chart once found (its subcharts belong to it). */
export function chartsBelow(dir: string): string[] {
  const found: string[] = [];
  const queue = [dir];
  let searched = 0;
  while (queue.length && searched++ < MAX_FOLDERS_SEARCHED) {
    const d = queue.shift()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    if (entries.some((e) => e.name === 'Chart.yaml' && (e.isFile() || e.isSymbolicLink()))) {
      found.push(d);
      continue;
    }
    // Symlinked folders are not followed: they can loop.
    for (const e of entries) if (e.isDirectory() && !SKIPPED_FOLDERS.has(e.name)) queue.push(`${d}/${e.name}`);
  }
  return found.sort();
}

export interface ResolvedPath {
  given: string;
  /** Real absolute path, `/`-separated. */
  abs: string;
  isFile: boolean;
}

export function resolvePath(given: string, cwd: string, command: string): ResolvedPath {
  const abs = realPath(path.resolve(cwd, given));
  if (abs === undefined) throw new UsageError(`${given}: no such file or directory`, command);
  const isFile = fs.statSync(abs).isFile();
  return { given, abs, isFile };
}

/** The top-level charts (and, for file PATHs, the files) the PATHs name, each chart once, in PATH order. */
export function chartTargets(ws: ChartWorkspace, paths: readonly string[], cwd: string, command: string): ChartTarget[] {
  const targets = new Map<string, ChartTarget>();
  const add = (model: ChartModel, file?: string) => {
    const root = model.chart.root;
    const t = targets.get(root);
    if (!t) targets.set(root, { model, files: file === undefined ? 'all' : new Set([file]) });
    else if (file === undefined) t.files = 'all';
    else if (t.files !== 'all') t.files.add(file);
  };
  for (const given of paths) {
    const p = resolvePath(given, cwd, command);
    if (p.isFile) {
      const model = ws.modelFor(p.abs);
      if (!model) {
        const hint = p.abs.endsWith('.tgz') ? ' (a packaged chart is read-only: unpack it, or lint the chart that depends on it)' : '';
        throw new UsageError(`${given}: not inside a Helm chart (no Chart.yaml in its folder or above)${hint}`, command);
      }
      // Chart.yaml stands for its chart.
      add(model, path.posix.basename(p.abs) === 'Chart.yaml' && path.posix.dirname(p.abs) === model.chart.root ? undefined : p.abs);
      continue;
    }
    const inside = ws.modelFor(p.abs);
    if (inside) {
      add(inside);
      continue;
    }
    const roots = chartsBelow(p.abs);
    if (roots.length === 0) throw new UsageError(`${given}: no Helm chart (Chart.yaml) in this folder, above it or below it`, command);
    for (const root of roots) {
      const model = ws.modelFor(root);
      if (model) add(model);
    }
  }
  return [...targets.values()];
}

function chartNodes(n: ChartNode): ChartNode[] {
  return [n, ...n.subcharts.flatMap(chartNodes)];
}

/**
 * The files `lint` looks at: every template (manifests and partials) of the chart and its subcharts, and every
 * file under a `crds/` folder. Files inside `.tgz` archives are read-only, so they are not linted (their hooks still
 * count for the order and for ties).
 */
export function lintableFiles(t: ChartTarget): string[] {
  if (t.files !== 'all') return [...t.files];
  const out: string[] = [];
  for (const tpl of t.model.templates) if (tpl.role !== 'notes' && !tpl.file.includes(ARCHIVE_SEPARATOR)) out.push(tpl.file);
  for (const node of chartNodes(t.model.chart)) for (const crd of node.crds) if (!crd.includes(ARCHIVE_SEPARATOR)) out.push(crd);
  return [...new Set(out)];
}

/** Problems reading the chart or its subcharts (bad archive, unreadable Chart.yaml, limits hit). */
export function chartProblems(model: ChartModel): string[] {
  return chartNodes(model.chart).flatMap((n) => n.problems);
}
