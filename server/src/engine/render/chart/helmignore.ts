/**
 * `.helmignore` rules (pkg/ignore/rules.go) and Go's path/filepath.Match, which the rules use.
 */

/** Go's filepath.ErrBadPattern text. */
export const ERR_BAD_PATTERN = 'syntax error in pattern';

/**
 * Compiles a filepath.Match pattern (separator '/') into an anchored RegExp, or returns null when Go would report
 * ErrBadPattern. Mirrors path/filepath/match.go: `*` and `?` never cross '/', classes `[^a-z]` may, `\` escapes.
 */
export function compileGlob(pattern: string): RegExp | null {
  let re = '^';
  const cps = Array.from(pattern);
  const esc = (c: string) => `\\u{${c.codePointAt(0)!.toString(16)}}`;
  let i = 0;
  while (i < cps.length) {
    const c = cps[i];
    if (c === '*') {
      re += '[^/]*';
      i++;
    } else if (c === '?') {
      re += '[^/]';
      i++;
    } else if (c === '\\') {
      if (i + 1 >= cps.length) return null;
      re += esc(cps[i + 1]);
      i += 2;
    } else if (c === '[') {
      i++;
      let cls = '[';
      if (i < cps.length && cps[i] === '^') {
        cls += '^';
        i++;
      }
      let n = 0;
      for (;;) {
        if (i < cps.length && cps[i] === ']' && n > 0) {
          i++;
          break;
        }
        // getEsc for the low end
        const lo = getEsc(cps, i);
        if (!lo) return null;
        i = lo.next;
        let part = esc(lo.ch);
        if (i < cps.length && cps[i] === '-') {
          const hi = getEsc(cps, i + 1);
          if (!hi) return null;
          i = hi.next;
          // a reversed range matches nothing (Go compares lo <= r <= hi)
          part = lo.ch.codePointAt(0)! > hi.ch.codePointAt(0)! ? '' : `${esc(lo.ch)}-${esc(hi.ch)}`;
        }
        cls += part;
        n++;
      }
      re += cls + ']';
    } else {
      re += esc(c);
      i++;
    }
  }
  try {
    return new RegExp(re + '$', 'su');
  } catch {
    return null;
  }
}

/** path/filepath/match.go getEsc: one (possibly escaped) class character; null for a malformed class. */
function getEsc(cps: string[], i: number): { ch: string; next: number } | null {
  if (i >= cps.length || cps[i] === '-' || cps[i] === ']') return null;
  if (cps[i] === '\\') {
    i++;
    if (i >= cps.length) return null;
  }
  return { ch: cps[i], next: i + 1 };
}

/** filepath.Match(pattern, name) without the error: false for a bad pattern. */
export function globMatch(pattern: string, name: string): boolean {
  const re = compileGlob(pattern);
  return re ? re.test(name) : false;
}

interface Pattern {
  raw: string;
  negate: boolean;
  mustDir: boolean;
  /** 'root': anchored to the chart root; 'path': matched against the whole path; 'base': against the file name. */
  mode: 'root' | 'path' | 'base';
  re: RegExp | null;
}

export class HelmIgnoreError extends Error {}

/** A parsed `.helmignore` (pkg/ignore Rules). */
export class IgnoreRules {
  private readonly patterns: Pattern[] = [];

  /** pkg/ignore rules.go: Parse. Throws HelmIgnoreError for `**` or a malformed pattern. */
  static parse(text: string): IgnoreRules {
    const r = new IgnoreRules();
    // bufio.Scanner lines: split at \n, drop one trailing \r; the BOM is trimmed from the first line.
    const lines = text.split('\n');
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    lines.forEach((line, i) => {
      let l = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (i === 0 && l.charCodeAt(0) === 0xfeff) l = l.slice(1);
      r.parseRule(l);
    });
    return r;
  }

  /** rules.go AddDefaults: ignore dotfiles in templates/. */
  addDefaults(): void {
    this.parseRule('templates/.?*');
  }

  private parseRule(rule: string): void {
    rule = goTrimSpace(rule);
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) throw new HelmIgnoreError('double-star (**) syntax is not supported');
    if (!compileGlob(rule)) throw new HelmIgnoreError(ERR_BAD_PATTERN);
    const p: Pattern = { raw: rule, negate: false, mustDir: false, mode: 'base', re: null };
    if (rule.startsWith('!')) {
      p.negate = true;
      rule = rule.slice(1);
    }
    if (rule.endsWith('/')) {
      p.mustDir = true;
      rule = rule.slice(0, -1);
    }
    if (rule.startsWith('/')) {
      p.mode = 'root';
      rule = rule.slice(1);
    } else if (rule.includes('/')) {
      p.mode = 'path';
    }
    p.re = compileGlob(rule);
    this.patterns.push(p);
  }

  /** rules.go Ignore: whether `path` (slash-separated, relative to the chart root) is ignored. */
  ignore(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    for (const p of this.patterns) {
      const subject = p.mode === 'base' ? goBase(path) : path;
      const matched = p.re ? p.re.test(subject) : false;
      if (p.negate) {
        if (p.mustDir && !isDir) return true;
        if (!matched) return true;
        continue;
      }
      if (p.mustDir && !isDir) continue;
      if (matched) return true;
    }
    return false;
  }
}

/** filepath.Base for slash paths. */
function goBase(p: string): string {
  if (p === '') return '.';
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  const i = p.lastIndexOf('/');
  return i >= 0 && p.length > 1 ? p.slice(i + 1) : p;
}

/** strings.TrimSpace (ASCII and Unicode white space). */
export function goTrimSpace(s: string): string {
  return s.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '');
}
