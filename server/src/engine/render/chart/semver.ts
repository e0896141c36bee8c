/**
 * The part of Masterminds/semver v3 that chart loading needs: NewVersion (chart version validation) and
 * NewConstraint/Check (IsCompatibleRange for dependency aliases). Helm 3.17 pins v3.3.0, where a constraint skips
 * prereleases unless that constraint has one; Helm 4 pins v3.4+/v3.5, where the whole AND group decides.
 */

export interface SemVersion {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
  metadata: string;
}

// version.go (loose form, which NewVersion accepts in both pinned versions)
const VERSION_RE = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const U64_MAX = (1n << 64n) - 1n;

/** semver.NewVersion; null when invalid. */
export function parseVersion(v: string): SemVersion | null {
  const m = VERSION_RE.exec(v);
  if (!m) return null;
  const seg = (s: string | undefined) => (s ? BigInt(s.replace(/^\./, '')) : 0n);
  const sv: SemVersion = { major: seg(m[1]), minor: seg(m[2]), patch: seg(m[3]), pre: m[5] ?? '', metadata: m[8] ?? '' };
  if (sv.major > U64_MAX || sv.minor > U64_MAX || sv.patch > U64_MAX) return null;
  if (sv.pre) {
    for (const p of sv.pre.split('.')) {
      if (/^[0-9]+$/.test(p)) {
        if (p.length > 1 && p[0] === '0') return null;
      }
    }
  }
  return sv;
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** version.go comparePrePart. */
function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return o !== '' ? -1 : 1;
  if (o === '') return 1;
  const sn = /^[0-9]+$/.test(s);
  const on = /^[0-9]+$/.test(o);
  if (!sn && !on) return s > o ? 1 : -1;
  if (!on) return -1;
  if (!sn) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

function comparePrerelease(a: string, b: string): number {
  const sp = a.split('.');
  const op = b.split('.');
  const l = Math.max(sp.length, op.length);
  for (let i = 0; i < l; i++) {
    const d = comparePrePart(sp[i] ?? '', op[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

/** version.go Compare (metadata ignored). */
export function compareVersions(v: SemVersion, o: SemVersion): number {
  const d = cmpBig(v.major, o.major) || cmpBig(v.minor, o.minor) || cmpBig(v.patch, o.patch);
  if (d !== 0) return d;
  if (v.pre === '' && o.pre === '') return 0;
  if (v.pre === '') return 1;
  if (o.pre === '') return -1;
  return comparePrerelease(v.pre, o.pre);
}

interface Constraint {
  con: SemVersion;
  op: string;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const CV = String.raw`v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?`;
const OPS = String.raw`=||!=|>|<|>=|=>|<=|=<|~|~>|\^`;
const CONSTRAINT_RE = new RegExp(String.raw`^\s*(${OPS})\s*(${CV})\s*$`);
const RANGE_RE = new RegExp(String.raw`\s*(${CV})\s+-\s+(${CV})\s*`, 'g');
const FIND_RE = new RegExp(String.raw`(${OPS})\s*(${CV})`, 'g');
const VALID_RE = new RegExp(String.raw`^(\s*(${OPS})\s*(${CV})\s*)((?:\s+|,\s*)(${OPS})\s*(${CV})\s*)*$`);

const isX = (s: string) => s === 'x' || s === '*' || s === 'X';

/**
 * Go's regexp is leftmost-first like JS, but Go's alternation `=||!=|>|…` with an empty branch: the empty
 * alternative matches first and the operator is then read as part of nothing — Go tries alternatives in order,
 * so for `>=1.0` the empty op fails to continue into the version and backtracks to `>=`. JS does the same.
 */
function parseConstraint(c: string): Constraint | null {
  const m = CONSTRAINT_RE.exec(c);
  if (!m) return null;
  const op = m[1];
  let ver = m[2];
  const [maj, min, pat, pre] = [m[3], m[4] ?? '', m[5] ?? '', m[6] ?? ''];
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(maj) || maj === '') {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (isX(min.replace(/^\./, '')) || min === '') {
    minorDirty = true;
    dirty = true;
    ver = `${maj}.0.0${pre}`;
  } else if (isX(pat.replace(/^\./, '')) || pat === '') {
    dirty = true;
    patchDirty = true;
    ver = `${maj}${min}.0${pre}`;
  }
  const con = parseVersion(ver);
  if (!con) return null;
  return { con, op, dirty, minorDirty, patchDirty };
}

function checkOne(v: SemVersion, c: Constraint, includePre: boolean): boolean {
  if (v.pre !== '' && !includePre) return false;
  const cmp = compareVersions(v, c.con);
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : cmp === 0;
    case '!=':
      if (c.dirty) {
        if (c.con.major !== v.major) return true;
        if (c.con.minor !== v.minor && !c.minorDirty) return true;
        if (c.minorDirty) return false;
        if (c.con.patch !== v.patch && !c.patchDirty) return true;
        if (c.patchDirty) {
          if (v.pre !== '' || c.con.pre !== '') return comparePrerelease(v.pre, c.con.pre) !== 0;
          return false;
        }
      }
      return cmp !== 0;
    case '>':
      if (!c.dirty) return cmp === 1;
      if (v.major > c.con.major) return true;
      if (v.major < c.con.major) return false;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > c.con.minor;
      return cmp === 1;
    case '<':
      return cmp < 0;
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return cmp <= 0;
      if (v.major > c.con.major) return false;
      if (v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty) return false;
      return true;
    case '~':
    case '~>':
      return tilde(v, c);
    case '^':
      if (cmp < 0) return false;
      if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
      if (c.con.major === 0n && v.major > 0n) return false;
      if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
      if (c.con.minor === 0n && v.minor > 0n) return false;
      return c.con.patch === v.patch;
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

/** semver.NewConstraint(constraint).Check(NewVersion(ver)) — Helm's IsCompatibleRange. */
export function isCompatibleRange(constraint: string, ver: string, helmVersion: '3' | '4' | '4.2' = '4'): boolean {
  const v = parseVersion(ver);
  if (!v) return false;
  // rewriteRange: "a - b" → ">= a, <= b"
  const c = constraint.replace(RANGE_RE, (_all, lo: string, ...rest: unknown[]) => `>= ${lo}, <= ${String(rest[9])} `);
  const groups: { cs: Constraint[]; hasPre: boolean }[] = [];
  for (const or of c.split('||')) {
    if (!VALID_RE.test(or)) return false;
    const found = or.match(FIND_RE) ?? [or];
    const cs: Constraint[] = [];
    let hasPre = false;
    for (const s of found) {
      const pc = parseConstraint(s);
      if (!pc) return false;
      if (pc.con.pre !== '') hasPre = true;
      cs.push(pc);
    }
    groups.push({ cs, hasPre });
  }
  for (const g of groups) {
    // v3.3.0: each constraint admits prereleases only when it names one itself; v3.4+: the AND group decides.
    if (g.cs.every((c1) => checkOne(v, c1, helmVersion === '3' ? c1.con.pre !== '' : g.hasPre))) return true;
  }
  return false;
}
