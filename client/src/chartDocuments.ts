/**
 * Which documents Helm Hooks looks at. Kept free of the `vscode` module so it stays plain data.
 *
 * VS Code's Kubernetes extension owns the `helm` language id (and its grammar) for chart templates: we reuse that
 * id and never declare it ourselves. Without that extension templates are plain `yaml`, hence the second filter.
 * Only `file:` documents: the server reads the rest of the chart from disk, so a `git:` or diff view of a
 * template would describe a chart that does not exist.
 */

export interface DocumentFilterData {
  scheme: string;
  language: string;
  pattern?: string;
}

export const CHART_DOCUMENT_SELECTOR: DocumentFilterData[] = [
  { scheme: 'file', language: 'helm' },
  { scheme: 'file', language: 'yaml', pattern: '**/templates/**' },
  { scheme: 'file', language: 'yaml', pattern: '**/Chart.yaml' },
  { scheme: 'file', language: 'yaml', pattern: '**/values*.{yaml,yml}' },
];

/**
 * A cheap, synchronous guess that a path may belong to a chart (the server decides for real): used to skip
 * requests for files that certainly are not chart files.
 */
export function mayBeChartFile(fsPath: string): boolean {
  const p = fsPath.replace(/\\/g, '/');
  const base = p.slice(p.lastIndexOf('/') + 1);
  return base === 'Chart.yaml' || /^values.*\.ya?ml$/.test(base) || /\/templates\//.test(p) || /\/crds\//.test(p);
}

/** `child` is `root` itself or a path below it (string comparison of absolute paths, either separator). */
export function isInside(root: string, child: string): boolean {
  const norm = (s: string) => s.replace(/\\/g, '/').replace(/\/+$/, '');
  const r = norm(root);
  const c = norm(child);
  return c === r || c.startsWith(r + '/');
}
