/**
 * `.Files`: the chart's non-template files (everything but templates/, values.yaml, Chart.yaml, charts/ … as the
 * loader decides) as Helm's `engine.files` — a map[string][]byte with methods Get, GetBytes, Glob, Lines,
 * AsConfig and AsSecrets.
 *
 * Mirrors helm `pkg/engine/files.go` (identical in v3.17.2, v4.1.4 and v4.2.3) and gobwas/glob v0.2.3 for Glob.
 */
import { goStringFromBytes, GoPanic, GoStruct, newMap, sortedKeys, typedSlice, type GoFunction, type GoMap } from './goValue';
import { toYaml } from './yaml/marshalYaml';

export interface ChartFile {
  name: string;
  data: Uint8Array;
}

const utf8 = new TextDecoder();
const EMPTY = new Uint8Array(0);

/** engine.go / files.go: newFiles — the `.Files` value of one chart. */
export function newFiles(from: readonly ChartFile[]): GoStruct {
  const m = newMap();
  for (const f of from) m.set(f.name, f.data);
  return filesValue(m);
}

function bytesOf(m: GoMap, name: string): Uint8Array | undefined {
  const v = m.get(name);
  return v instanceof Uint8Array ? v : undefined;
}

function filesValue(m: GoMap): GoStruct {
  const methods = new Map<string, GoFunction>([
    // files.go: GetBytes — a missing file is an empty []byte
    ['GetBytes', { params: ['string'], call: (a) => bytesOf(m, a[0] as string) ?? EMPTY }],
    ['Get', { params: ['string'], call: (a) => goStringFromBytes(bytesOf(m, a[0] as string) ?? EMPTY) }],
    // files.go: Glob — gobwas/glob with '/' as separator; a bad pattern matches everything ("**")
    [
      'Glob',
      {
        params: ['string'],
        call: (a, ctx) => {
          const re = compileGlob(a[0] as string) ?? MATCH_ALL;
          const out = newMap();
          for (const [k, v] of m) {
            ctx.charge(1);
            if (re.test(k)) out.set(k, v);
          }
          return filesValue(out);
        },
      },
    ],
    // files.go: Lines — split on "\n" after dropping one trailing newline; an empty file panics in Go
    [
      'Lines',
      {
        params: ['string'],
        call: (a) => {
          const b = bytesOf(m, a[0] as string);
          if (!b) return typedSlice([], 'string');
          if (b.length === 0) throw new GoPanic('runtime error: index out of range [-1]');
          let s = goStringFromBytes(b);
          if (b[b.length - 1] === 0x0a) s = s.slice(0, -1);
          return typedSlice(s.split('\n'), 'string');
        },
      },
    ],
    ['AsConfig', { params: [], call: () => asMapYaml(m, (b) => utf8.decode(b)) }],
    ['AsSecrets', { params: [], call: () => asMapYaml(m, (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')) }],
  ]);
  return new GoStruct('engine.files', new Map(), methods, () => m, false, undefined, m);
}

/** files.go: AsConfig / AsSecrets — base names as keys (a later duplicate wins), marshalled by toYAML. */
function asMapYaml(m: GoMap, conv: (b: Uint8Array) => string): string {
  const out = newMap();
  for (const k of sortedKeys(m)) {
    const v = m.get(k);
    const base = k.slice(k.lastIndexOf('/') + 1);
    out.set(base, conv(v instanceof Uint8Array ? v : EMPTY));
  }
  return toYaml(out);
}


const MATCH_ALL = /^[\s\S]*$/;
const globCache = new Map<string, RegExp | null>();

/**
 * gobwas/glob: Compile(pattern, '/') as a RegExp over the whole name, or undefined when the pattern does not
 * compile (an unclosed `[` or `{`, a trailing `\`). `*` stays within a path segment, `**` crosses them, `?` is one
 * non-separator character, `[a-z]` / `[!a-z]` one character, `{a,b}` alternatives.
 */
export function compileGlob(pattern: string): RegExp | undefined {
  const hit = globCache.get(pattern);
  if (hit !== undefined) return hit ?? undefined;
  const src = globSource(pattern);
  const re = src === undefined ? null : new RegExp(`^${src}$`, 'su');
  if (globCache.size > 256) globCache.clear();
  globCache.set(pattern, re);
  return re ?? undefined;
}

function escapeRe(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

function globSource(p: string): string | undefined {
  const chars = [...p];
  let i = 0;
  const parse = (inBraces: boolean): string | undefined => {
    let out = '';
    const alts: string[] = [];
    while (i < chars.length) {
      const c = chars[i];
      if (c === '\\') {
        if (i + 1 >= chars.length) return undefined;
        out += escapeRe(chars[i + 1]);
        i += 2;
      } else if (c === '*') {
        if (chars[i + 1] === '*') {
          out += '[\\s\\S]*';
          i += 2;
        } else {
          out += '[^/]*';
          i++;
        }
      } else if (c === '?') {
        out += '[^/]';
        i++;
      } else if (c === '[') {
        const close = chars.indexOf(']', i + 1);
        if (close < 0) return undefined;
        let body = chars.slice(i + 1, close);
        let neg = false;
        if (body[0] === '!') {
          neg = true;
          body = body.slice(1);
        }
        let cls = '';
        for (let j = 0; j < body.length; j++) {
          if (body[j + 1] === '-' && j + 2 < body.length) {
            cls += `${escapeRe(body[j])}-${escapeRe(body[j + 2])}`;
            j += 2;
          } else {
            cls += escapeRe(body[j]);
          }
        }
        if (cls === '') return undefined;
        out += neg ? `[^${cls}]` : `[${cls}]`;
        i = close + 1;
      } else if (c === '{') {
        i++;
        const inner = parse(true);
        if (inner === undefined) return undefined;
        out += inner;
      } else if (inBraces && c === ',') {
        alts.push(out);
        out = '';
        i++;
      } else if (inBraces && c === '}') {
        i++;
        alts.push(out);
        return `(?:${alts.join('|')})`;
      } else {
        out += escapeRe(c);
        i++;
      }
    }
    return inBraces ? undefined : out;
  };
  return parse(false);
}
