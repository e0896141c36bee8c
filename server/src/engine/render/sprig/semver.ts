/**
 * Sprig's semver and semverCompare (semver.go) on Masterminds/semver v3 as each Helm pins it: 3.3.0 (Helm 3.17),
 * 3.4.0 (Helm 4.1), 3.5.0 (Helm 4.2). The library's own Go regexps run through our Go-regexp translation, so
 * they match exactly as in Go.
 */
import { FuncTable, GoError, GoFunction, GoNumber, GoPanic, GoStruct, GoValue, GoArgTypeError } from '../goValue';
import { typeName as goTypeNameOf } from '../fmt/goTypes';
import { compileGoRegexp, GoRegexp } from './regex';

export type SemverLib = '3.3.0' | '3.4.0' | '3.5.0';

/** The Masterminds/semver version behind a Helm version. */
export function semverLibOf(helm: '3' | '4' | '4.2'): SemverLib {
  return helm === '3' ? '3.3.0' : helm === '4' ? '3.4.0' : '3.5.0';
}

export interface SemVersion {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
  metadata: string;
  original: string;
}

// version.go: the loose regexp NewVersion uses (3.3.0's semVerRegex, 3.4.0+ looseSemVerRegex via coercion).
const LOOSE =
  `v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?` +
  `(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?` +
  `(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?`;
// constraints.go
const CV =
  `v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?` +
  `(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?` +
  `(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?`;
const OPS = `=||!=|>|<|>=|=>|<=|=<|~|~>|\\^`;

let regexps: { version: GoRegexp; constraint: GoRegexp; range: GoRegexp; find: GoRegexp; valid: GoRegexp } | null =
  null;

function rx(): NonNullable<typeof regexps> {
  if (!regexps) {
    regexps = {
      version: compileGoRegexp('^' + LOOSE + '$'),
      constraint: compileGoRegexp(`^\\s*(${OPS})\\s*(${CV})\\s*$`),
      range: compileGoRegexp(`\\s*(${CV})\\s+-\\s+(${CV})\\s*`),
      find: compileGoRegexp(`(${OPS})\\s*(${CV})`),
      valid: compileGoRegexp(`^(\\s*(${OPS})\\s*(${CV})\\s*)((?:\\s+|,\\s*)(${OPS})\\s*(${CV})\\s*)*$`),
    };
  }
  return regexps;
}

/** FindStringSubmatch: groups as Go reports them (unmatched → ""). */
function submatch(g: GoRegexp, s: string): string[] | null {
  g.re.lastIndex = 0;
  const m = g.re.exec(s);
  if (!m) return null;
  return Array.from(m, (x) => x ?? '');
}

function findAll(g: GoRegexp, s: string): RegExpExecArray[] {
  // semver's patterns never match empty, so the plain loop equals Go's.
  const out: RegExpExecArray[] = [];
  g.re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = g.re.exec(s)) !== null) {
    out.push(m);
    if (m[0].length === 0) g.re.lastIndex++;
  }
  return out;
}

const UINT64_MAX = (1n << 64n) - 1n;

function parseUint(s: string, lib: SemverLib): bigint {
  // the regexp only lets digits through; the one failure is overflow
  const v = BigInt(s);
  if (v > UINT64_MAX) {
    const prefix = lib === '3.3.0' ? 'Error' : 'error';
    throw new GoError(`${prefix} parsing version segment: strconv.ParseUint: parsing ${goQuote(s)}: value out of range`);
  }
  return v;
}

const NUM_ONLY = /^[0-9]*$/;
const ALLOWED_ONLY = /^[0-9A-Za-z-]*$/;

// version.go error values: 3.3.0 capitalises them.
const ERRS = {
  old: {
    semver: 'Invalid Semantic Version',
    zero: 'Version segment starts with 0',
    meta: 'Invalid Metadata string',
    pre: 'Invalid Prerelease string',
  },
  new: {
    semver: 'invalid semantic version',
    zero: 'version segment starts with 0',
    meta: 'invalid metadata string',
    pre: 'invalid prerelease string',
  },
};
const errs = (lib: SemverLib): (typeof ERRS)['new'] => (lib === '3.3.0' ? ERRS.old : ERRS.new);

function validatePrerelease(p: string, lib: SemverLib): void {
  for (const part of p.split('.')) {
    if (part === '') throw new GoError(errs(lib).pre);
    if (NUM_ONLY.test(part)) {
      if (part.length > 1 && part[0] === '0') throw new GoError(errs(lib).zero);
    } else if (!ALLOWED_ONLY.test(part)) throw new GoError(errs(lib).pre);
  }
}

function validateMetadata(m: string, lib: SemverLib): void {
  for (const part of m.split('.')) {
    if (part === '' || !ALLOWED_ONLY.test(part)) throw new GoError(errs(lib).meta);
  }
}

/** semver.NewVersion (coercing, as all three pinned versions do). Throws GoError with the library's text. */
export function newVersion(v: string, lib: SemverLib): SemVersion {
  const m = submatch(rx().version, v);
  if (!m) throw new GoError(errs(lib).semver);
  const sv: SemVersion = { major: 0n, minor: 0n, patch: 0n, pre: m[5], metadata: m[8], original: v };
  sv.major = parseUint(m[1], lib);
  if (m[2] !== '') sv.minor = parseUint(m[2].slice(1), lib);
  if (m[3] !== '') sv.patch = parseUint(m[3].slice(1), lib);
  if (sv.pre !== '') validatePrerelease(sv.pre, lib);
  if (sv.metadata !== '') validateMetadata(sv.metadata, lib);
  return sv;
}

export function versionString(v: SemVersion): string {
  let s = `${v.major}.${v.minor}.${v.patch}`;
  if (v.pre !== '') s += '-' + v.pre;
  if (v.metadata !== '') s += '+' + v.metadata;
  return s;
}

const cmp = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

function parseUintOk(s: string): bigint | null {
  return /^[0-9]+$/.test(s) && BigInt(s) <= UINT64_MAX ? BigInt(s) : null;
}

// version.go comparePrePart
function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const oi = parseUintOk(o);
  const si = parseUintOk(s);
  if (oi === null && si === null) return s > o ? 1 : -1; // byte order; identifiers here are ASCII
  if (oi === null) return -1;
  if (si === null) return 1;
  return si > oi ? 1 : -1;
}

function comparePrerelease(v: string, o: string): number {
  const sp = v.split('.');
  const op = o.split('.');
  const l = Math.max(sp.length, op.length);
  for (let i = 0; i < l; i++) {
    const d = comparePrePart(i < sp.length ? sp[i] : '', i < op.length ? op[i] : '');
    if (d !== 0) return d;
  }
  return 0;
}

export function compareVersions(v: SemVersion, o: SemVersion): number {
  const d = cmp(v.major, o.major) || cmp(v.minor, o.minor) || cmp(v.patch, o.patch);
  if (d !== 0) return d;
  if (v.pre === '' && o.pre === '') return 0;
  if (v.pre === '') return 1;
  if (o.pre === '') return -1;
  return comparePrerelease(v.pre, o.pre);
}

interface Constraint {
  con: SemVersion;
  orig: string;
  op: string;
  minorDirty: boolean;
  dirty: boolean;
  patchDirty: boolean;
}

export interface Constraints {
  groups: Constraint[][];
  containsPre: boolean[];
}

function isX(x: string): boolean {
  return x === 'x' || x === '*' || x === 'X';
}

// constraints.go rewriteRange: "1 - 2" → ">= 1, <= 2 "
function rewriteRange(i: string): string {
  const ms = findAll(rx().range, i);
  if (ms.length === 0) return i;
  let o = i;
  for (const m of ms) {
    const t = `>= ${m[1] ?? ''}, <= ${m[11] ?? ''} `;
    const at = o.indexOf(m[0]);
    if (at >= 0) o = o.slice(0, at) + t + o.slice(at + m[0].length);
  }
  return o;
}

function improper(s: string, lib: SemverLib): GoError {
  return new GoError(`improper constraint: ${lib === '3.5.0' ? goQuote(s) : s}`);
}

function parseConstraint(c: string, lib: SemverLib): Constraint {
  const parserError = lib === '3.3.0' ? 'constraint Parser Error' : 'constraint parser error';
  if (c.length === 0) {
    return { con: newVersion('0.0.0', lib), orig: c, op: '', minorDirty: false, patchDirty: false, dirty: true };
  }
  const m = submatch(rx().constraint, c);
  if (!m) throw improper(c, lib);
  let ver = m[2];
  let minorDirty = false;
  let patchDirty = false;
  let dirty = false;
  if (isX(m[3]) || m[3] === '') {
    ver = `0.0.0${m[6]}`;
    dirty = true;
  } else if (isX(m[4].replace(/^\./, '')) || m[4] === '') {
    minorDirty = true;
    dirty = true;
    ver = `${m[3]}.0.0${m[6]}`;
  } else if (isX(m[5].replace(/^\./, '')) || m[5] === '') {
    dirty = true;
    patchDirty = true;
    ver = `${m[3]}${m[4]}.0${m[6]}`;
  }
  let con: SemVersion;
  try {
    con = newVersion(ver, lib);
  } catch {
    throw new GoError(parserError);
  }
  return { con, orig: m[2], op: m[1], minorDirty, patchDirty, dirty };
}

/** semver.NewConstraint. */
export function newConstraint(c: string, lib: SemverLib): Constraints {
  c = rewriteRange(c);
  const ors = c.split('||');
  const groups: Constraint[][] = [];
  const containsPre: boolean[] = [];
  for (const v of ors) {
    const r = rx();
    r.valid.re.lastIndex = 0;
    if (!r.valid.re.test(v)) throw improper(v, lib);
    let cs = findAll(r.find, v).map((m) => m[0]);
    if (cs.length === 0) cs = [v];
    const result = cs.map((s) => parseConstraint(s, lib));
    groups.push(result);
    containsPre.push(result.some((x) => x.con.pre !== ''));
  }
  return { groups, containsPre };
}

/** Constraints.Check. */
export function checkConstraints(cs: Constraints, v: SemVersion, lib: SemverLib): boolean {
  for (let i = 0; i < cs.groups.length; i++) {
    let joy = true;
    for (const c of cs.groups[i]) {
      const includePre = lib === '3.3.0' ? c.con.pre !== '' : cs.containsPre[i];
      if (!checkOne(v, c, includePre, lib)) {
        joy = false;
        break;
      }
    }
    if (joy) return true;
  }
  return false;
}

function checkOne(v: SemVersion, c: Constraint, includePre: boolean, lib: SemverLib): boolean {
  const preBlocked = v.pre !== '' && !includePre;
  switch (c.op) {
    case '':
    case '=':
      if (preBlocked) return false;
      if (c.dirty) return tilde(v, c);
      return compareVersions(v, c.con) === 0;
    case '!=':
      // 3.3.0 only refused prereleases for wildcard constraints
      if (lib === '3.3.0' ? c.dirty && preBlocked : preBlocked) return false;
      if (c.dirty) {
        if (c.con.major !== v.major) return true;
        if (c.con.minor !== v.minor && !c.minorDirty) return true;
        else if (c.minorDirty) return false;
        else if (c.con.patch !== v.patch && !c.patchDirty) return true;
        else if (c.patchDirty) {
          if (v.pre !== '' || c.con.pre !== '') return comparePrerelease(v.pre, c.con.pre) !== 0;
          return false;
        }
      }
      return compareVersions(v, c.con) !== 0;
    case '>':
      if (preBlocked) return false;
      if (!c.dirty) return compareVersions(v, c.con) === 1;
      if (v.major > c.con.major) return true;
      if (v.major < c.con.major) return false;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > c.con.minor;
      return compareVersions(v, c.con) === 1;
    case '<':
      if (preBlocked) return false;
      return compareVersions(v, c.con) < 0;
    case '>=':
    case '=>':
      if (preBlocked) return false;
      return compareVersions(v, c.con) >= 0;
    case '<=':
    case '=<':
      if (preBlocked) return false;
      if (!c.dirty) return compareVersions(v, c.con) <= 0;
      if (v.major > c.con.major) return false;
      if (v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty) return false;
      return true;
    case '~':
    case '~>':
      if (preBlocked) return false;
      return tilde(v, c);
    case '^':
      if (preBlocked) return false;
      return caret(v, c);
  }
  return false;
}

function tilde(v: SemVersion, c: Constraint): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.con.major) return false;
  if (v.minor !== c.con.minor && !c.minorDirty) return false;
  return true;
}

function caret(v: SemVersion, c: Constraint): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
  if (c.con.major === 0n && v.major > 0n) return false;
  if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
  if (c.con.minor === 0n && v.minor > 0n) return false;
  return c.con.patch === v.patch;
}

/** Go's strconv.Quote (as %q prints a string). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x80 || (c !== 0x20 && !NON_PRINT.test(ch))) out += ch;
    else if (c <= 0xffff) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + '"';
}
const NON_PRINT = /^[\p{C}\p{Z}]$/u;

// ---------- the *semver.Version value templates see ----------

const u64 = (v: bigint): GoNumber => new GoNumber('uint64', v);

function method(params: GoFunction['params'], call: (args: GoValue[]) => GoValue): GoFunction {
  return { params, call };
}

/** A *semver.Version as a Go struct: methods Major, Minor, …, printed by its String(). */
export function versionStruct(v: SemVersion, lib: SemverLib): GoStruct {
  const other = (x: GoValue): SemVersion => {
    const o = x instanceof GoStruct ? VERSION_DATA.get(x) : undefined;
    if (!o) throw new GoArgTypeError(`wrong type for value; expected *semver.Version; got ${x === null ? 'interface {}' : goTypeNameOf(x)}`);
    return o;
  };
  const vPrefix = v.original !== '' && v.original[0] === 'v' ? 'v' : '';
  const derive = (n: SemVersion): GoStruct => {
    n.original = vPrefix + versionString(n);
    return versionStruct(n, lib);
  };
  const overflow = (x: bigint, what: string): void => {
    if (lib === '3.5.0' && x === UINT64_MAX) throw new GoPanic(`${what} version increment would overflow uint64`);
  };
  const methods = new Map<string, GoFunction>([
    ['Major', method([], () => u64(v.major))],
    ['Minor', method([], () => u64(v.minor))],
    ['Patch', method([], () => u64(v.patch))],
    ['Prerelease', method([], () => v.pre)],
    ['Metadata', method([], () => v.metadata)],
    ['Original', method([], () => v.original)],
    ['String', method([], () => versionString(v))],
    [
      'IncPatch',
      method([], () => {
        if (v.pre !== '') return derive({ ...v, pre: '', metadata: '' });
        overflow(v.patch, 'patch');
        return derive({ ...v, pre: '', metadata: '', patch: (v.patch + 1n) & UINT64_MAX });
      }),
    ],
    [
      'IncMinor',
      method([], () => {
        overflow(v.minor, 'minor');
        return derive({ ...v, pre: '', metadata: '', patch: 0n, minor: (v.minor + 1n) & UINT64_MAX });
      }),
    ],
    [
      'IncMajor',
      method([], () => {
        overflow(v.major, 'major');
        return derive({ ...v, pre: '', metadata: '', patch: 0n, minor: 0n, major: (v.major + 1n) & UINT64_MAX });
      }),
    ],
    [
      'SetPrerelease',
      method(['string'], ([p]) => {
        if ((p as string).length > 0) validatePrerelease(p as string, lib);
        return derive({ ...v, pre: p as string });
      }),
    ],
    [
      'SetMetadata',
      method(['string'], ([p]) => {
        if ((p as string).length > 0) validateMetadata(p as string, lib);
        return derive({ ...v, metadata: p as string });
      }),
    ],
    ['Compare', method(['any'], ([o]) => BigInt(compareVersions(v, other(o))))],
    ['LessThan', method(['any'], ([o]) => compareVersions(v, other(o)) < 0)],
    ['LessThanEqual', method(['any'], ([o]) => compareVersions(v, other(o)) <= 0)],
    ['GreaterThan', method(['any'], ([o]) => compareVersions(v, other(o)) > 0)],
    ['GreaterThanEqual', method(['any'], ([o]) => compareVersions(v, other(o)) >= 0)],
    ['Equal', method(['any'], ([o]) => compareVersions(v, other(o)) === 0)],
  ]);
  const s = new GoStruct('*semver.Version', new Map(), methods, () => versionString(v), true, () => versionString(v));
  VERSION_DATA.set(s, v);
  return s;
}

const VERSION_DATA = new WeakMap<GoStruct, SemVersion>();

/** The parsed version behind a value from `semver`, if it is one. */
export function semVersionOf(v: GoValue): SemVersion | undefined {
  return v instanceof GoStruct ? VERSION_DATA.get(v) : undefined;
}

export function sprigSemverFor(helm: '3' | '4' | '4.2'): FuncTable {
  const lib = semverLibOf(helm);
  return {
    semver: { params: ['string'], call: ([s]) => versionStruct(newVersion(s as string, lib), lib) },
    semverCompare: {
      params: ['string', 'string'],
      call: ([c, v]) => {
        const cs = newConstraint(c as string, lib);
        const ver = newVersion(v as string, lib);
        return checkConstraints(cs, ver, lib);
      },
    },
  };
}

/** Helm 4.1's table (semver 3.4.0). */
export const sprigSemver: FuncTable = sprigSemverFor('4');
