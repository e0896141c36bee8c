/**
 * The template files of a chart as the competitors read them: `templates/**` files ending in .yaml, .yml or .tpl,
 * of the chart and of every unpacked subchart under `charts/` (recursively). Packed subcharts (`charts/*.tgz`) are
 * not unpacked: they are listed as skipped. Kept apart from the measuring code so the naive child loads only this,
 * the mask and `yaml`.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface ChartTemplateFiles {
  /** Absolute paths, sorted. */
  files: string[];
  /** `charts/*.tgz` archives that were not read. */
  skippedArchives: string[];
}

const TEMPLATE_FILE = /\.(ya?ml|tpl)$/;
const MAX_DEPTH = 20;

export function chartTemplateFiles(chartDir: string): ChartTemplateFiles {
  const files: string[] = [];
  const skippedArchives: string[] = [];
  const walkTemplates = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walkTemplates(abs, depth + 1);
      else if (e.isFile() && TEMPLATE_FILE.test(e.name)) files.push(abs);
    }
  };
  const walkChart = (root: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    walkTemplates(path.join(root, 'templates'), 0);
    let subs: fs.Dirent[];
    try {
      subs = fs.readdirSync(path.join(root, 'charts'), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of subs) {
      const abs = path.join(root, 'charts', e.name);
      if (e.isDirectory() && fs.existsSync(path.join(abs, 'Chart.yaml'))) walkChart(abs, depth + 1);
      else if (e.isFile() && e.name.endsWith('.tgz')) skippedArchives.push(abs);
    }
  };
  walkChart(path.resolve(chartDir), 0);
  files.sort();
  skippedArchives.sort();
  return { files, skippedArchives };
}
