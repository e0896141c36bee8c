/**
 * The naive approach, in a process of its own so its peak RSS is its own: read every template of the chart, blank
 * the Go template actions with the engine's own `maskTemplate`, and `yaml.parseAllDocuments` every masked text
 * (YAML 1.1, as the engine reads templates), then look up `metadata.annotations["helm.sh/hook"]` in each document.
 * Prints one JSON line: time from after module load to the end, and `process.resourceUsage().maxRSS`.
 *
 * Usage: node out/scripts/bench/naiveChild.js <chartDir>
 */
import * as fs from 'fs';
import { parseAllDocuments } from 'yaml';
import { maskTemplate } from '../../server/src/engine/documents/templateMask';
import { chartTemplateFiles } from './templateFiles';

export interface NaiveChildReport {
  inProcessMs: number;
  maxRssKB: number;
  files: number;
  bytes: number;
  documents: number;
  /** Documents with at least one YAML error (masked templates do not always parse). */
  documentsWithErrors: number;
  /** Documents whose masked text has a `helm.sh/hook` annotation (a dynamic value is blank, so it is not seen). */
  hooksSeen: number;
  skippedArchives: number;
}

function run(chartDir: string): NaiveChildReport {
  const t0 = performance.now();
  const { files, skippedArchives } = chartTemplateFiles(chartDir);
  let bytes = 0;
  let documents = 0;
  let documentsWithErrors = 0;
  let hooksSeen = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    bytes += text.length;
    const { masked } = maskTemplate(text);
    for (const doc of parseAllDocuments(masked, { version: '1.1' })) {
      documents++;
      if (doc.errors.length > 0) documentsWithErrors++;
      const hook: unknown = doc.getIn(['metadata', 'annotations', 'helm.sh/hook']);
      if (hook !== undefined && hook !== null) hooksSeen++;
    }
  }
  const inProcessMs = performance.now() - t0;
  return {
    inProcessMs,
    maxRssKB: process.resourceUsage().maxRSS,
    files: files.length,
    bytes,
    documents,
    documentsWithErrors,
    hooksSeen,
    skippedArchives: skippedArchives.length,
  };
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: naiveChild.js <chartDir>\n');
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(run(dir))}\n`);
}
