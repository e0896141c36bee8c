/**
 * Helm's own output, read: `helm template`'s documents with their `# Source:` paths, a JSON release from
 * `helm install --dry-run -o json`, the hooks Helm logged as skipped, and its error text with the template position
 * it names. The built-in renderer prints the same format, so both sources of rendered documents share this reader.
 *
 * Pure: text in, values out.
 */
import type { RenderError } from '../types';
import type { DocumentTrace } from '../render';

/** One document as Helm printed it. */
export interface RenderedManifest {
  /** The template path Helm names (`# Source:` or a hook's `path`): `<chart>/templates/x.yaml`. */
  helmPath: string;
  /** The document's text, without `---` and without the `# Source:` comment. */
  content: string;
  /** Built-in render with a trace: where the document and each action's output come from in the templates. */
  trace?: DocumentTrace;
}

/** A hook as Helm's own JSON release lists it (used to cross-check our reading of the documents). */
export interface HelmReleaseHook {
  name: string;
  kind: string;
  path: string;
  events: string[];
  weight?: number;
  delete_policies?: string[];
  output_log_policies?: string[];
}

export interface RenderedRelease {
  /** Every document Helm printed, normal resources and hooks alike, in its output order. */
  manifests: RenderedManifest[];
  /** Built-in render with a trace: rendered documents Helm does not print (hooks skipped for an unknown event). */
  unprinted?: RenderedManifest[];
  /** Helm's own hook list, when the output was a JSON release. */
  helmHooks?: HelmReleaseHook[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Splits text in Helm's manifest format, `---\n# Source: <path>\n<content>\n` per document (the release's
 * `manifest` and `helm template`'s output alike). Helm split the documents itself, so a content line never starts
 * with `---`; a `---` line not followed by `# Source:` (none in Helm's output) keeps the previous document's path.
 */
export function splitSourceDocuments(text: string): RenderedManifest[] {
  const out: RenderedManifest[] = [];
  const lines = text.split('\n');
  let path: string | undefined;
  let body: string[] | undefined;
  const flush = () => {
    if (path !== undefined && body) {
      const content = body.join('\n').replace(/\s+$/, '');
      if (content.trim()) out.push({ helmPath: path, content });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (/^---[ \t]*$/.test(line)) {
      flush();
      const src = /^# Source: (.*)$/.exec((lines[i + 1] ?? '').replace(/\r$/, ''));
      if (src) {
        path = src[1].trim();
        i++;
      }
      body = [];
      continue;
    }
    body?.push(lines[i]);
  }
  flush();
  return out;
}

/**
 * Helm's JSON release (`helm install … --dry-run=client -o json`): normal resources from `manifest` (with their
 * `# Source:` comments), hooks from `hooks[]` (`path`, `manifest`). Throws when the text is not such a release.
 */
export function parseReleaseJson(stdout: string): RenderedRelease {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (e) {
    throw new Error(`Helm's output is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isRecord(parsed)) throw new Error("Helm's output is not a release object");
  const manifests = typeof parsed.manifest === 'string' ? splitSourceDocuments(parsed.manifest) : [];
  const helmHooks: HelmReleaseHook[] = [];
  for (const h of Array.isArray(parsed.hooks) ? parsed.hooks : []) {
    if (!isRecord(h) || typeof h.path !== 'string' || typeof h.manifest !== 'string') continue;
    manifests.push({ helmPath: h.path, content: h.manifest });
    helmHooks.push({
      name: typeof h.name === 'string' ? h.name : '',
      kind: typeof h.kind === 'string' ? h.kind : '',
      path: h.path,
      events: stringArray(h.events),
      weight: typeof h.weight === 'number' ? h.weight : undefined,
      delete_policies: stringArray(h.delete_policies),
      output_log_policies: stringArray(h.output_log_policies),
    });
  }
  return { manifests, helmHooks };
}

/** `helm template` output: the release manifest, then every hook (Helm's stored order), each with `# Source:`. */
export function parseTemplateOutput(stdout: string): RenderedRelease {
  return { manifests: splitSourceDocuments(stdout) };
}

/** Go's `strconv.Unquote` for a double-quoted string (`%q` in Helm 3's log, slog's quoting in Helm 4's). */
export function goUnquote(quoted: string): string {
  const s = quoted.startsWith('"') && quoted.endsWith('"') && quoted.length >= 2 ? quoted.slice(1, -1) : quoted;
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };
  let out = '';
  const bytes: number[] = [];
  const flushBytes = () => {
    if (bytes.length) out += Buffer.from(bytes).toString('utf8');
    bytes.length = 0;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      flushBytes();
      out += c;
      continue;
    }
    const e = s[++i];
    if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    flushBytes();
    if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) {
      out += String.fromCodePoint(parseInt(s.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (e === 'U' && /^[0-9a-fA-F]{8}$/.test(s.slice(i + 1, i + 9))) {
      out += String.fromCodePoint(parseInt(s.slice(i + 1, i + 9), 16));
      i += 8;
    } else if (/^[0-7]{3}$/.test(s.slice(i, i + 3))) {
      bytes.push(parseInt(s.slice(i, i + 3), 8));
      i += 2;
    } else out += simple[e] ?? e;
  }
  flushBytes();
  return out;
}

/**
 * The `helm.sh/hook` values of resources Helm dropped, from its log on stderr (`manifest_sorter.go`):
 * Helm 4 `level=INFO msg="skipping unknown hooks" hookTypes=<value, quoted when needed>`,
 * Helm 3 `… info: skipping unknown hook: "<value>"`.
 */
export function parseSkippedHooks(stderr: string): string[] {
  const out: string[] = [];
  for (const line of stderr.split('\n')) {
    const h4 = /msg="skipping unknown hooks".*?\bhookTypes=("(?:[^"\\]|\\.)*"|\S*)/.exec(line);
    if (h4) {
      out.push(h4[1].startsWith('"') ? goUnquote(h4[1]) : h4[1]);
      continue;
    }
    const h3 = /skipping unknown hook: ("(?:[^"\\]|\\.)*")/.exec(line);
    if (h3) out.push(goUnquote(h3[1]));
  }
  return out;
}

/** Log lines Helm writes to stderr besides its error (Helm 4's slog, Helm 3's `file.go:NN: info:` lines). */
function isLogLine(line: string): boolean {
  return /^level=(DEBUG|INFO|WARN)\b/.test(line) || /^[\w.-]+\.go:\d+: (info|\[debug\]|warning)/.test(line) || /^WARNING: /.test(line);
}

/** Where a Helm error points: `(x/templates/y.yaml:21:27)`, `template: x/templates/y.yaml:4:49:`, `Error: x/…:4:49`. */
const TEMPLATE_POSITION = /(?:^|[\s(:])((?:[^\s():"]+\/)+[^\s():"]+):(\d+)(?::(\d+))?/m;
const YAML_ERROR = /YAML parse error on (\S+?):.*?\bline (\d+)/;

function hintFor(message: string): string | undefined {
  if (/helm dependency build|missing in charts\/ directory|found in Chart\.yaml, but missing/i.test(message)) {
    return "The chart's dependencies are not in charts/: run `helm dependency build` in the chart folder.";
  }
  if (/Kubernetes cluster unreachable/.test(message)) {
    return 'This Helm needs a reachable cluster for `helm install --dry-run`.';
  }
  if (/invalid release name/.test(message)) return 'A release name is lower-case letters, digits, `-` and `.`, at most 53 characters.';
  if (/open .*: no such file or directory/.test(message)) return 'A values file does not exist (paths are relative to the chart folder in the editor, to the current folder in the CLI).';
  if (/YAML parse error/.test(message)) return 'A template renders invalid YAML: `helm template --debug` shows the rendered text.';
  if (/execution error at|required/.test(message)) return 'The chart stops the render on purpose (`required`/`fail`): set the value it asks for in a values file or with --set.';
  if (/nil pointer evaluating/.test(message)) return 'A template reads a value below a key that is not set: set that key in a values file or with --set.';
  if (/parse error at|function ".*" not defined/.test(message)) return 'A template does not parse; fix the template at the position Helm names.';
  return undefined;
}

/**
 * Helm's error, as it wrote it (stderr without its log lines and without the `--debug` advice), with the template
 * position it names and a hint. `templateOf` maps Helm's template path to the file on disk.
 */
export function parseRenderError(stderr: string, templateOf?: (helmPath: string) => string | undefined): RenderError {
  const lines = stderr.split('\n').filter((l) => !isLogLine(l) && !/^Use --debug flag to render out invalid YAML/.test(l));
  // Helm 4 also logs its error as `level=ERROR …` before printing `Error: …`: keep the latter only.
  const plain = lines.filter((l) => !/^level=ERROR\b/.test(l));
  const message = (plain.join('\n').trim() ? plain : lines).join('\n').trim();
  const err: RenderError = { message: message || stderr.trim() || 'Helm failed without a message' };
  const yaml = YAML_ERROR.exec(message);
  const pos = TEMPLATE_POSITION.exec(message);
  if (yaml) {
    err.path = yaml[1];
    err.renderedLine = Number(yaml[2]);
  } else if (pos && /\.(ya?ml|tpl|txt|json)$/i.test(pos[1])) {
    err.path = pos[1];
    err.line = Number(pos[2]);
    if (pos[3]) err.column = Number(pos[3]);
  } else {
    const on = /\bon ((?:[^\s():"]+\/)+[^\s():"]+\.(?:ya?ml|tpl|txt|json))\b/.exec(message);
    if (on) err.path = on[1];
  }
  if (err.path && templateOf) err.file = templateOf(err.path);
  const hint = hintFor(message);
  if (hint) err.hint = hint;
  return err;
}
