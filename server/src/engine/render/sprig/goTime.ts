/**
 * Go's `time` package, as much as templates reach: Time (instant + location), Location (UTC, fixed zones, IANA
 * zones read from the system's zoneinfo like Go does, with Intl as the fallback), Format and Parse with the
 * reference layout, Duration's String and ParseDuration. Mirrors time/format.go, time/time.go, time/zoneinfo*.go.
 */
import * as fs from 'fs';

// ---------- locations ----------

interface ZoneType {
  offset: number; // seconds east of UTC
  isDST: boolean;
  name: string;
}

interface TzData {
  types: ZoneType[];
  trans: number[]; // transition instants (unix seconds), ascending
  idx: number[]; // type index per transition
}

export interface GoLocation {
  /** Location.String(): "UTC", "Local", "America/New_York", or a FixedZone's name. */
  readonly name: string;
  readonly fixed?: { name: string; offset: number };
  /** IANA zone id for zone lookups (absent: UTC). */
  readonly zone?: string;
  readonly tz?: TzData | null;
}

export const UTC: GoLocation = { name: 'UTC' };

export function fixedZone(name: string, offset: number): GoLocation {
  return { name, fixed: { name, offset } };
}

const ZONEINFO_DIRS = ['/usr/share/zoneinfo/', '/usr/lib/zoneinfo/', '/usr/share/lib/zoneinfo/'];

/** Parses a TZif file (time/zoneinfo_read.go): types, transitions. */
function parseTzif(buf: Buffer): TzData | null {
  if (buf.length < 44 || buf.toString('latin1', 0, 4) !== 'TZif') return null;
  const version = buf[4];
  const counts = (at: number): number[] => [0, 1, 2, 3, 4, 5].map((i) => buf.readUInt32BE(at + 20 + 4 * i));
  let p = 0;
  let [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = counts(p);
  let timeSize = 4;
  if (version >= 0x32) {
    // skip the v1 block to the 64-bit one
    p += 44 + timecnt * 4 + timecnt + typecnt * 6 + charcnt + leapcnt * 8 + isstdcnt + isutcnt;
    if (buf.length < p + 44 || buf.toString('latin1', p, p + 4) !== 'TZif') return null;
    [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = counts(p);
    timeSize = 8;
  }
  let q = p + 44;
  const trans: number[] = [];
  for (let i = 0; i < timecnt; i++) {
    trans.push(timeSize === 8 ? Number(buf.readBigInt64BE(q)) : buf.readInt32BE(q));
    q += timeSize;
  }
  const idx: number[] = [];
  for (let i = 0; i < timecnt; i++) idx.push(buf[q++]);
  const raw: [number, boolean, number][] = [];
  for (let i = 0; i < typecnt; i++) {
    raw.push([buf.readInt32BE(q), buf[q + 4] !== 0, buf[q + 5]]);
    q += 6;
  }
  const chars = buf.toString('latin1', q, q + charcnt);
  const types = raw.map(([offset, isDST, ai]) => {
    const end = chars.indexOf('\0', ai);
    return { offset, isDST, name: chars.slice(ai, end < 0 ? undefined : end) };
  });
  if (types.length === 0) return null;
  return { types, trans, idx };
}

const zoneCache = new Map<string, GoLocation | null>();

function readZoneFile(name: string): TzData | null {
  for (const dir of ZONEINFO_DIRS) {
    try {
      return parseTzif(fs.readFileSync(dir + name));
    } catch {
      // try the next directory
    }
  }
  return null;
}

function intlKnows(name: string): boolean {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone === name;
  } catch {
    return false;
  }
}

/** time.LoadLocation; null where Go returns an error. */
export function loadLocation(name: string): GoLocation | null {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return localLocation();
  if (name.includes('..') || name.startsWith('/') || name.includes('\\')) return null;
  let loc = zoneCache.get(name);
  if (loc === undefined) {
    const tz = readZoneFile(name);
    loc = tz || intlKnows(name) ? { name, zone: name, tz } : null;
    zoneCache.set(name, loc);
  }
  return loc;
}

let local: GoLocation | null = null;

/** time.Local: TZ unset → /etc/localtime; TZ="" → UTC; else that zone (falling back to UTC). */
export function localLocation(): GoLocation {
  if (!local) {
    const tzEnv = process.env.TZ;
    let zone: string | undefined;
    let tz: TzData | null = null;
    if (tzEnv === undefined) {
      try {
        tz = parseTzif(fs.readFileSync('/etc/localtime'));
      } catch {
        tz = null;
      }
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } else if (tzEnv !== '' && tzEnv !== 'UTC') {
      const name = tzEnv.startsWith(':') ? tzEnv.slice(1) : tzEnv;
      tz = readZoneFile(name);
      zone = tz || intlKnows(name) ? name : undefined;
    }
    if (zone === 'UTC' || zone === 'Etc/UTC') zone = tz ? zone : undefined;
    local = zone || tz ? { name: 'Local', zone: zone ?? 'UTC', tz } : { name: 'Local', fixed: { name: 'UTC', offset: 0 } };
  }
  return local;
}

const intlFormatters = new Map<string, Intl.DateTimeFormat>();

function intlOffset(zone: string, unix: number): number {
  let f = intlFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    intlFormatters.set(zone, f);
  }
  const ms = Math.max(-8.64e15, Math.min(8.64e15, unix * 1000));
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(ms)) parts[p.type] = p.value;
  let y = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') y = 1 - y;
  const wall = daysFromCivil(y, Number(parts.month), Number(parts.day)) * 86400 + Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second);
  return wall - Math.floor(ms / 1000);
}

/** Location.lookup: the zone (name, offset) in effect at unix. */
export function lookupZone(loc: GoLocation, unix: number): ZoneType {
  if (loc.fixed) return { name: loc.fixed.name, offset: loc.fixed.offset, isDST: false };
  if (!loc.zone) return { name: 'UTC', offset: 0, isDST: false };
  const tz = loc.tz;
  if (tz && tz.trans.length > 0 && unix < tz.trans[0]) {
    // before the first transition: the first standard type (zoneinfo.go lookupFirstZone, simplified)
    const first = tz.types.find((t) => !t.isDST) ?? tz.types[0];
    return first;
  }
  if (tz && tz.trans.length > 0 && unix <= tz.trans[tz.trans.length - 1]) {
    let lo = 0;
    let hi = tz.trans.length;
    while (hi - lo > 1) {
      const m = (lo + hi) >> 1;
      if (unix < tz.trans[m]) hi = m;
      else lo = m;
    }
    return tz.types[tz.idx[lo]];
  }
  if (tz && tz.trans.length === 0 && tz.types.length === 1) return tz.types[0];
  const offset = intlOffset(loc.zone, unix);
  if (tz) {
    // Past the table: the zone's rule (by Intl); name it after the latest type with that offset.
    for (let i = tz.idx.length - 1; i >= 0; i--) {
      const t = tz.types[tz.idx[i]];
      if (t.offset === offset) return t;
    }
    const t = tz.types.find((x) => x.offset === offset);
    if (t) return t;
  }
  return { name: abbrevFromOffset(offset, loc.zone, unix), offset, isDST: false };
}

function abbrevFromOffset(offset: number, zone: string, unix: number): string {
  try {
    const s = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(unix * 1000)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (s && /^[A-Z]{3,5}$/.test(s)) return s;
  } catch {
    // fall through to the numeric form tzdata uses
  }
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  return sign + String(h).padStart(2, '0') + (m ? String(m).padStart(2, '0') : '');
}

/** Location.lookupName: the offset of a zone abbreviation in loc around unix. */
function lookupName(loc: GoLocation, name: string, unix: number): number | null {
  if (loc.fixed) return loc.fixed.name === name ? loc.fixed.offset : null;
  if (!loc.zone) return name === 'UTC' ? 0 : null;
  const types = loc.tz?.types ?? [];
  for (const z of types) {
    if (z.name === name && lookupZone(loc, unix - z.offset).name === z.name) return z.offset;
  }
  for (const z of types) if (z.name === name) return z.offset;
  return null;
}

// ---------- calendar ----------

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12, any day — normalised arithmetically). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
function daysIn(m: number, y: number): number {
  if (m === 2 && isLeap(y)) return 29;
  return DAYS_BEFORE[m] - DAYS_BEFORE[m - 1];
}

export const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SHORT_DAYS = LONG_DAYS.map((d) => d.slice(0, 3));
const SHORT_MONTHS = LONG_MONTHS.map((m) => m.slice(0, 3));

// ---------- Time ----------

/** A time.Time: an instant (unix seconds + nanoseconds) in a location; `mono` when read from the clock. */
export class GoTime {
  constructor(
    readonly unix: number,
    readonly nsec: number,
    readonly loc: GoLocation,
    readonly mono?: number,
  ) {}

  static zero(): GoTime {
    return new GoTime(-62135596800, 0, UTC);
  }

  in(loc: GoLocation): GoTime {
    return new GoTime(this.unix, this.nsec, loc);
  }

  zone(): ZoneType {
    return lookupZone(this.loc, this.unix);
  }

  /** Wall clock fields in the time's location. */
  fields(): { year: number; month: number; day: number; hour: number; min: number; sec: number; yday: number; wday: number; zone: ZoneType } {
    const zone = this.zone();
    const local = this.unix + zone.offset;
    const days = Math.floor(local / 86400);
    const secs = local - days * 86400;
    const [year, month, day] = civilFromDays(days);
    const yday = DAYS_BEFORE[month - 1] + day + (month > 2 && isLeap(year) ? 1 : 0);
    return {
      year,
      month,
      day,
      hour: Math.floor(secs / 3600),
      min: Math.floor((secs % 3600) / 60),
      sec: secs % 60,
      yday,
      wday: (((days + 4) % 7) + 7) % 7,
      zone,
    };
  }

  isZero(): boolean {
    return this.unix === -62135596800 && this.nsec === 0;
  }

  /** Adds a Duration (nanoseconds). */
  add(d: bigint): GoTime {
    const total = BigInt(this.nsec) + d;
    let s = total / 1000000000n;
    let ns = total % 1000000000n;
    if (ns < 0n) {
      ns += 1000000000n;
      s -= 1n;
    }
    return new GoTime(this.unix + Number(s), Number(ns), this.loc, this.mono);
  }

  /** time.Time.String(). */
  toString(): string {
    let s = formatTime(this, '2006-01-02 15:04:05.999999999 -0700 MST');
    if (this.mono !== undefined) {
      const m = this.mono;
      const sign = m < 0 ? '-' : '+';
      const a = Math.abs(m);
      s += ` m=${sign}${Math.floor(a / 1e9)}.${String(a % 1e9).padStart(9, '0')}`;
    }
    return s;
  }
}

/** time.Date: wall fields in loc → the instant (fields may overflow; Go normalises them). */
export function goDate(year: number, month: number, day: number, hour: number, min: number, sec: number, nsec: number, loc: GoLocation): GoTime {
  // normalise month
  let m = month - 1;
  year += Math.floor(m / 12);
  m = ((m % 12) + 12) % 12;
  sec += Math.floor(nsec / 1e9);
  nsec = ((nsec % 1e9) + 1e9) % 1e9;
  const days = daysFromCivil(year, m + 1, 1) + day - 1;
  const localSec = days * 86400 + hour * 3600 + min * 60 + sec;
  let off = lookupZone(loc, localSec).offset;
  if (off !== 0) {
    const off2 = lookupZone(loc, localSec - off).offset;
    if (off2 !== off) off = off2;
  }
  return new GoTime(localSec - off, nsec, loc);
}

// ---------- format (time/format.go) ----------

const enum Std {
  None = 0,
  LongMonth,
  Month,
  NumMonth,
  ZeroMonth,
  LongWeekDay,
  WeekDay,
  Day,
  UnderDay,
  ZeroDay,
  UnderYearDay,
  ZeroYearDay,
  Hour,
  Hour12,
  ZeroHour12,
  Minute,
  ZeroMinute,
  Second,
  ZeroSecond,
  LongYear,
  Year,
  PM,
  pm,
  TZ,
  ISO8601TZ,
  ISO8601SecondsTZ,
  ISO8601ShortTZ,
  ISO8601ColonTZ,
  ISO8601ColonSecondsTZ,
  NumTZ,
  NumSecondsTz,
  NumShortTZ,
  NumColonTZ,
  NumColonSecondsTZ,
  FracSecond0,
  FracSecond9,
}

interface Chunk {
  prefix: string;
  std: Std;
  suffix: string;
  /** fractional seconds: digit count and separator */
  digits?: number;
  sep?: string;
}

const STD0X = [Std.ZeroMonth, Std.ZeroDay, Std.ZeroHour12, Std.ZeroMinute, Std.ZeroSecond, Std.Year];

function startsWithLowerCase(s: string): boolean {
  return s.length > 0 && s[0] >= 'a' && s[0] <= 'z';
}

const isDigitAt = (s: string, i: number): boolean => i < s.length && s[i] >= '0' && s[i] <= '9';

/** nextStdChunk: the text before the first layout element, the element, the rest. */
function nextStdChunk(layout: string): Chunk {
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i];
    const at = (n: number, s: string): boolean => layout.startsWith(s, i) && layout.length >= i + n;
    const ret = (std: Std, len: number): Chunk => ({ prefix: layout.slice(0, i), std, suffix: layout.slice(i + len) });
    switch (c) {
      case 'J':
        if (at(3, 'Jan')) {
          if (at(7, 'January')) return ret(Std.LongMonth, 7);
          if (!startsWithLowerCase(layout.slice(i + 3))) return ret(Std.Month, 3);
        }
        break;
      case 'M':
        if (layout.length >= i + 3) {
          if (at(3, 'Mon')) {
            if (at(6, 'Monday')) return ret(Std.LongWeekDay, 6);
            if (!startsWithLowerCase(layout.slice(i + 3))) return ret(Std.WeekDay, 3);
          }
          if (at(3, 'MST')) return ret(Std.TZ, 3);
        }
        break;
      case '0':
        if (layout.length >= i + 2 && layout[i + 1] >= '1' && layout[i + 1] <= '6') return ret(STD0X[layout.charCodeAt(i + 1) - 49], 2);
        if (layout.length >= i + 3 && layout[i + 1] === '0' && layout[i + 2] === '2') return ret(Std.ZeroYearDay, 3);
        break;
      case '1':
        if (layout.length >= i + 2 && layout[i + 1] === '5') return ret(Std.Hour, 2);
        return ret(Std.NumMonth, 1);
      case '2':
        if (at(4, '2006')) return ret(Std.LongYear, 4);
        return ret(Std.Day, 1);
      case '_':
        if (layout.length >= i + 2 && layout[i + 1] === '2') {
          if (layout.length >= i + 5 && layout.slice(i + 1, i + 5) === '2006') {
            return { prefix: layout.slice(0, i + 1), std: Std.LongYear, suffix: layout.slice(i + 5) };
          }
          return ret(Std.UnderDay, 2);
        }
        if (layout.length >= i + 3 && layout[i + 1] === '_' && layout[i + 2] === '2') return ret(Std.UnderYearDay, 3);
        break;
      case '3':
        return ret(Std.Hour12, 1);
      case '4':
        return ret(Std.Minute, 1);
      case '5':
        return ret(Std.Second, 1);
      case 'P':
        if (layout.length >= i + 2 && layout[i + 1] === 'M') return ret(Std.PM, 2);
        break;
      case 'p':
        if (layout.length >= i + 2 && layout[i + 1] === 'm') return ret(Std.pm, 2);
        break;
      case '-':
        if (at(7, '-070000')) return ret(Std.NumSecondsTz, 7);
        if (at(9, '-07:00:00')) return ret(Std.NumColonSecondsTZ, 9);
        if (at(5, '-0700')) return ret(Std.NumTZ, 5);
        if (at(6, '-07:00')) return ret(Std.NumColonTZ, 6);
        if (at(3, '-07')) return ret(Std.NumShortTZ, 3);
        break;
      case 'Z':
        if (at(7, 'Z070000')) return ret(Std.ISO8601SecondsTZ, 7);
        if (at(9, 'Z07:00:00')) return ret(Std.ISO8601ColonSecondsTZ, 9);
        if (at(5, 'Z0700')) return ret(Std.ISO8601TZ, 5);
        if (at(6, 'Z07:00')) return ret(Std.ISO8601ColonTZ, 6);
        if (at(3, 'Z07')) return ret(Std.ISO8601ShortTZ, 3);
        break;
      case '.':
      case ',':
        if (i + 1 < layout.length && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
          const ch = layout[i + 1];
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          if (!isDigitAt(layout, j)) {
            return {
              prefix: layout.slice(0, i),
              std: ch === '0' ? Std.FracSecond0 : Std.FracSecond9,
              suffix: layout.slice(j),
              digits: j - (i + 1),
              sep: c,
            };
          }
        }
        break;
    }
  }
  return { prefix: layout, std: Std.None, suffix: '' };
}

function pad(n: number, width: number): string {
  const neg = n < 0;
  const s = String(Math.abs(n)).padStart(width, '0');
  return neg ? '-' + s : s;
}

/** time.Time.Format. */
export function formatTime(t: GoTime, layout: string): string {
  const f = t.fields();
  const offset = f.zone.offset;
  let out = '';
  while (layout !== '') {
    const ch = nextStdChunk(layout);
    out += ch.prefix;
    if (ch.std === Std.None) break;
    layout = ch.suffix;
    switch (ch.std) {
      case Std.Year:
        out += pad(((f.year % 100) + 100) % 100, 2);
        break;
      case Std.LongYear:
        out += pad(f.year, 4);
        break;
      case Std.Month:
        out += SHORT_MONTHS[f.month - 1];
        break;
      case Std.LongMonth:
        out += LONG_MONTHS[f.month - 1];
        break;
      case Std.NumMonth:
        out += f.month;
        break;
      case Std.ZeroMonth:
        out += pad(f.month, 2);
        break;
      case Std.WeekDay:
        out += SHORT_DAYS[f.wday];
        break;
      case Std.LongWeekDay:
        out += LONG_DAYS[f.wday];
        break;
      case Std.Day:
        out += f.day;
        break;
      case Std.UnderDay:
        out += (f.day < 10 ? ' ' : '') + f.day;
        break;
      case Std.ZeroDay:
        out += pad(f.day, 2);
        break;
      case Std.UnderYearDay:
        out += (f.yday < 100 ? (f.yday < 10 ? '  ' : ' ') : '') + f.yday;
        break;
      case Std.ZeroYearDay:
        out += pad(f.yday, 3);
        break;
      case Std.Hour:
        out += pad(f.hour, 2);
        break;
      case Std.Hour12:
        out += f.hour % 12 === 0 ? 12 : f.hour % 12;
        break;
      case Std.ZeroHour12:
        out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, 2);
        break;
      case Std.Minute:
        out += f.min;
        break;
      case Std.ZeroMinute:
        out += pad(f.min, 2);
        break;
      case Std.Second:
        out += f.sec;
        break;
      case Std.ZeroSecond:
        out += pad(f.sec, 2);
        break;
      case Std.PM:
        out += f.hour >= 12 ? 'PM' : 'AM';
        break;
      case Std.pm:
        out += f.hour >= 12 ? 'pm' : 'am';
        break;
      case Std.TZ:
        if (f.zone.name !== '') out += f.zone.name;
        else {
          let z = Math.trunc(offset / 60);
          out += z < 0 ? '-' : '+';
          z = Math.abs(z);
          out += pad(Math.floor(z / 60), 2) + pad(z % 60, 2);
        }
        break;
      case Std.FracSecond0:
      case Std.FracSecond9:
        out += formatNano(t.nsec, ch.std, ch.digits as number, ch.sep as string);
        break;
      default:
        out += formatOffset(ch.std, offset);
    }
  }
  return out;
}

function formatNano(nsec: number, std: Std, n: number, sep: string): string {
  let digits = String(nsec).padStart(9, '0');
  if (n < 9) digits = digits.slice(0, n);
  if (std === Std.FracSecond9) {
    digits = digits.replace(/0+$/, '');
    if (digits === '') return '';
    return sep + digits;
  }
  return sep + digits;
}

function formatOffset(std: Std, offset: number): string {
  const iso =
    std === Std.ISO8601TZ || std === Std.ISO8601ColonTZ || std === Std.ISO8601SecondsTZ || std === Std.ISO8601ShortTZ || std === Std.ISO8601ColonSecondsTZ;
  if (offset === 0 && iso) return 'Z';
  let zone = Math.trunc(offset / 60);
  let abs = offset;
  let out = '';
  if (zone < 0) {
    out += '-';
    zone = -zone;
    abs = -abs;
  } else out += '+';
  out += pad(Math.floor(zone / 60), 2);
  const colon = std === Std.ISO8601ColonTZ || std === Std.NumColonTZ || std === Std.ISO8601ColonSecondsTZ || std === Std.NumColonSecondsTZ;
  if (colon) out += ':';
  if (std !== Std.NumShortTZ && std !== Std.ISO8601ShortTZ) out += pad(zone % 60, 2);
  if (std === Std.ISO8601SecondsTZ || std === Std.NumSecondsTz || std === Std.NumColonSecondsTZ || std === Std.ISO8601ColonSecondsTZ) {
    if (std === Std.NumColonSecondsTZ || std === Std.ISO8601ColonSecondsTZ) out += ':';
    out += pad(abs % 60, 2);
  }
  return out;
}

// ---------- parse (time/format.go parse) ----------

/** time's quote: ASCII printable as is, anything else as \x bytes. */
export function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c >= 0x80 || c < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += '\\x' + b.toString(16).padStart(2, '0');
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

export class GoTimeParseError extends Error {}

function parseError(layout: string, value: string, layoutElem: string, valueElem: string, message: string): GoTimeParseError {
  if (message === '') {
    return new GoTimeParseError(
      `parsing time ${timeQuote(value)} as ${timeQuote(layout)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`,
    );
  }
  return new GoTimeParseError(`parsing time ${timeQuote(value)}${message}`);
}

const BAD = Symbol('bad');
type Bad = typeof BAD;

function getnum(s: string, fixed: boolean): [number, string] | Bad {
  if (!isDigitAt(s, 0)) return BAD;
  if (!isDigitAt(s, 1)) {
    if (fixed) return BAD;
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + s.charCodeAt(1) - 48, s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] | Bad {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + s.charCodeAt(i) - 48;
  if (i === 0 || (fixed && i !== 3)) return BAD;
  return [n, s.slice(i)];
}

function cutspace(s: string): string {
  let i = 0;
  while (i < s.length && s[i] === ' ') i++;
  return s.slice(i);
}

/** skip: the value past the layout's literal prefix, and whether it matched (Go reports the partial value). */
function skip(value: string, prefix: string): [string, boolean] {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') return [value, false];
      prefix = cutspace(prefix);
      value = cutspace(value);
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) return [value, false];
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return [value, true];
}

function lookupName2(tab: readonly string[], val: string): [number, string] | Bad {
  for (let i = 0; i < tab.length; i++) {
    const v = tab[i];
    if (val.length >= v.length && val.slice(0, v.length).toLowerCase() === v.toLowerCase()) {
      // Go's match folds ASCII letters only; month/day names are ASCII
      return [i, val.slice(v.length)];
    }
  }
  return BAD;
}

/** atoi as time/format.go has it (sign allowed, whole string). */
function atoi(s: string): number | Bad {
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  const r = leadingInt(s);
  if (r === BAD || r[1] !== '') return BAD;
  if (r[0] > 2n ** 62n) return BAD;
  return neg ? -Number(r[0]) : Number(r[0]);
}

function leadingInt(s: string): [bigint, string] | Bad {
  let x = 0n;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (x > (1n << 63n) / 10n) return BAD;
    x = x * 10n + BigInt(c - 48);
    if (x > 1n << 63n) return BAD;
  }
  return [x, s.slice(i)];
}

function parseNanoseconds(value: string, nbytes: number): [number, string, boolean] {
  if (value[0] !== '.' && value[0] !== ',') return [0, '', false];
  if (nbytes > 10) {
    value = value.slice(0, 10);
    nbytes = 10;
  }
  const ns = atoi(value.slice(1, nbytes));
  if (ns === BAD) return [0, '', false];
  if (ns < 0) return [0, 'fractional second', true];
  let n = ns;
  for (let i = 0; i < 10 - nbytes; i++) n *= 10;
  return [n, '', true];
}

function parseSignedOffset(value: string): number {
  const sign = value[0];
  if (sign !== '-' && sign !== '+') return 0;
  const r = leadingInt(value.slice(1));
  if (r === BAD || r[1].length === value.length - 1) return 0;
  if (r[0] > 12n) return 0;
  return value.length - r[1].length;
}

function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  if (value.length >= 4 && (value.startsWith('ChST') || value.startsWith('MeST'))) return 4;
  if (value.startsWith('GMT')) {
    const rest = value.slice(3);
    return rest.length === 0 ? 3 : 3 + parseSignedOffset(rest);
  }
  if (value[0] === '+' || value[0] === '-') return parseSignedOffset(value);
  let n = 0;
  for (; n < 6; n++) {
    if (n >= value.length) break;
    const c = value[n];
    if (c < 'A' || c > 'Z') break;
  }
  switch (n) {
    case 5:
      return value[4] === 'T' ? 5 : 0;
    case 4:
      return value[3] === 'T' || value.startsWith('WITA') ? 4 : 0;
    case 3:
      return 3;
  }
  return 0;
}

/** time.ParseInLocation (local = the Local location Go consults for zone names and offsets). */
export function parseTime(layout: string, value: string, defaultLoc: GoLocation, localLoc: GoLocation): GoTime {
  const alayout = layout;
  const avalue = value;
  let rangeErr = '';
  let amSet = false;
  let pmSet = false;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let z: GoLocation | null = null;
  let zoneOffset = -1;
  let zoneName = '';
  for (;;) {
    const ch = nextStdChunk(layout);
    const stdstr = layout.slice(ch.prefix.length, layout.length - ch.suffix.length);
    const [rest, ok] = skip(value, ch.prefix);
    value = rest;
    if (!ok) throw parseError(alayout, avalue, ch.prefix, value, '');
    if (ch.std === Std.None) {
      if (value.length !== 0) throw parseError(alayout, avalue, '', value, ': extra text: ' + timeQuote(value));
      break;
    }
    layout = ch.suffix;
    const hold = value;
    let bad = false;
    const take = <T>(r: [T, string] | Bad): T | undefined => {
      if (r === BAD) {
        bad = true;
        return undefined;
      }
      value = r[1];
      return r[0];
    };
    switch (ch.std) {
      case Std.Year: {
        if (value.length < 2) {
          bad = true;
          break;
        }
        const y = atoi(value.slice(0, 2));
        value = value.slice(2);
        if (y === BAD) {
          bad = true;
          break;
        }
        year = y >= 69 ? y + 1900 : y + 2000;
        break;
      }
      case Std.LongYear: {
        if (value.length < 4 || !isDigitAt(value, 0)) {
          bad = true;
          break;
        }
        const y = atoi(value.slice(0, 4));
        value = value.slice(4);
        if (y === BAD) bad = true;
        else year = y;
        break;
      }
      case Std.Month: {
        const r = take(lookupName2(SHORT_MONTHS, value));
        if (r !== undefined) month = r + 1;
        break;
      }
      case Std.LongMonth: {
        const r = take(lookupName2(LONG_MONTHS, value));
        if (r !== undefined) month = r + 1;
        break;
      }
      case Std.NumMonth:
      case Std.ZeroMonth: {
        const r = take(getnum(value, ch.std === Std.ZeroMonth));
        if (r !== undefined) {
          month = r;
          if (month <= 0 || month > 12) rangeErr = 'month';
        }
        break;
      }
      case Std.WeekDay:
        take(lookupName2(SHORT_DAYS, value));
        break;
      case Std.LongWeekDay:
        take(lookupName2(LONG_DAYS, value));
        break;
      case Std.Day:
      case Std.UnderDay:
      case Std.ZeroDay: {
        if (ch.std === Std.UnderDay && value.length > 0 && value[0] === ' ') value = value.slice(1);
        const r = take(getnum(value, ch.std === Std.ZeroDay));
        if (r !== undefined) day = r;
        break;
      }
      case Std.UnderYearDay:
      case Std.ZeroYearDay: {
        for (let i = 0; i < 2; i++) if (ch.std === Std.UnderYearDay && value.length > 0 && value[0] === ' ') value = value.slice(1);
        const r = take(getnum3(value, ch.std === Std.ZeroYearDay));
        if (r !== undefined) yday = r;
        break;
      }
      case Std.Hour: {
        const r = take(getnum(value, false));
        hour = r ?? 0;
        if (hour < 0 || hour >= 24) rangeErr = 'hour';
        break;
      }
      case Std.Hour12:
      case Std.ZeroHour12: {
        const r = take(getnum(value, ch.std === Std.ZeroHour12));
        hour = r ?? 0;
        if (hour < 0 || hour > 12) rangeErr = 'hour';
        break;
      }
      case Std.Minute:
      case Std.ZeroMinute: {
        const r = take(getnum(value, ch.std === Std.ZeroMinute));
        min = r ?? 0;
        if (min < 0 || min >= 60) rangeErr = 'minute';
        break;
      }
      case Std.Second:
      case Std.ZeroSecond: {
        const r = take(getnum(value, ch.std === Std.ZeroSecond));
        if (r === undefined) break;
        sec = r;
        if (sec < 0 || sec >= 60) {
          rangeErr = 'second';
          break;
        }
        if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigitAt(value, 1)) {
          const next = nextStdChunk(layout).std;
          if (next === Std.FracSecond0 || next === Std.FracSecond9) break;
          let n = 2;
          while (n < value.length && isDigitAt(value, n)) n++;
          const [ns, re, ok] = parseNanoseconds(value, n);
          nsec = ns;
          rangeErr = re;
          if (!ok) bad = true;
          value = value.slice(n);
        }
        break;
      }
      case Std.PM:
      case Std.pm: {
        if (value.length < 2) {
          bad = true;
          break;
        }
        const p = value.slice(0, 2);
        value = value.slice(2);
        const [P, A] = ch.std === Std.PM ? ['PM', 'AM'] : ['pm', 'am'];
        if (p === P) pmSet = true;
        else if (p === A) amSet = true;
        else bad = true;
        break;
      }
      case Std.ISO8601TZ:
      case Std.ISO8601ShortTZ:
      case Std.ISO8601ColonTZ:
      case Std.ISO8601SecondsTZ:
      case Std.ISO8601ColonSecondsTZ:
      case Std.NumTZ:
      case Std.NumShortTZ:
      case Std.NumColonTZ:
      case Std.NumSecondsTz:
      case Std.NumColonSecondsTZ: {
        const iso = ch.std <= Std.ISO8601ColonSecondsTZ && ch.std >= Std.ISO8601TZ;
        if (iso && value.length >= 1 && value[0] === 'Z') {
          value = value.slice(1);
          z = UTC;
          break;
        }
        let sign: string;
        let hh: string;
        let mm: string;
        let ss: string;
        const s = ch.std;
        if (s === Std.ISO8601TZ || s === Std.NumTZ) {
          if (value.length < 5 || value[3] === ':') {
            bad = true;
            break;
          }
          [sign, hh, mm, ss, value] = [value[0], value.slice(1, 3), value.slice(3, 5), '00', value.slice(5)];
        } else if (s === Std.NumShortTZ || s === Std.ISO8601ShortTZ) {
          if (value.length < 3) {
            bad = true;
            break;
          }
          [sign, hh, mm, ss, value] = [value[0], value.slice(1, 3), '00', '00', value.slice(3)];
        } else if (s === Std.ISO8601ColonTZ || s === Std.NumColonTZ) {
          if (value.length < 6 || value[3] !== ':') {
            bad = true;
            break;
          }
          [sign, hh, mm, ss, value] = [value[0], value.slice(1, 3), value.slice(4, 6), '00', value.slice(6)];
        } else if (s === Std.NumColonSecondsTZ || s === Std.ISO8601ColonSecondsTZ) {
          if (value.length < 9 || value[3] !== ':' || value[6] !== ':') {
            bad = true;
            break;
          }
          [sign, hh, mm, ss, value] = [value[0], value.slice(1, 3), value.slice(4, 6), value.slice(7, 9), value.slice(9)];
        } else {
          if (value.length < 7) {
            bad = true;
            break;
          }
          [sign, hh, mm, ss, value] = [value[0], value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7)];
        }
        const h = getnum(hh, true);
        const m = h === BAD ? BAD : getnum(mm, true);
        const se = m === BAD ? BAD : getnum(ss, true);
        if (h === BAD || m === BAD || se === BAD) {
          bad = true;
          break;
        }
        if (h[0] > 24) rangeErr = 'time zone offset hour';
        if (m[0] > 60) rangeErr = 'time zone offset minute';
        if (se[0] > 60) rangeErr = 'time zone offset second';
        zoneOffset = (h[0] * 60 + m[0]) * 60 + se[0];
        if (sign === '-') zoneOffset = -zoneOffset;
        else if (sign !== '+') bad = true;
        break;
      }
      case Std.TZ: {
        if (value.length >= 3 && value.startsWith('UTC')) {
          z = UTC;
          value = value.slice(3);
          break;
        }
        const n = parseTimeZone(value);
        if (n === 0) {
          bad = true;
          break;
        }
        zoneName = value.slice(0, n);
        value = value.slice(n);
        break;
      }
      case Std.FracSecond0: {
        const ndigit = 1 + (ch.digits as number);
        if (value.length < ndigit) {
          bad = true;
          break;
        }
        const [ns, re, ok] = parseNanoseconds(value, ndigit);
        nsec = ns;
        rangeErr = re;
        if (!ok) bad = true;
        value = value.slice(ndigit);
        break;
      }
      case Std.FracSecond9: {
        if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || value[1] < '0' || value[1] > '9') break;
        let i = 0;
        while (i + 1 < value.length && value[i + 1] >= '0' && value[i + 1] <= '9') i++;
        const [ns, re, ok] = parseNanoseconds(value, 1 + i);
        nsec = ns;
        rangeErr = re;
        if (!ok) bad = true;
        value = value.slice(1 + i);
        break;
      }
    }
    if (rangeErr !== '') throw parseError(alayout, avalue, stdstr, value, ': ' + rangeErr + ' out of range');
    if (bad) throw parseError(alayout, avalue, stdstr, hold, '');
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;
  if (yday >= 0) {
    let d = 0;
    let m = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) yday--;
    }
    if (yday < 1 || yday > 365) throw parseError(alayout, avalue, '', value, ': day-of-year out of range');
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (DAYS_BEFORE[m] < yday) m++;
      d = yday - DAYS_BEFORE[m - 1];
    }
    if (month >= 0 && month !== m) throw parseError(alayout, avalue, '', value, ': day-of-year does not match month');
    month = m;
    if (day >= 0 && day !== d) throw parseError(alayout, avalue, '', value, ': day-of-year does not match day');
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) throw parseError(alayout, avalue, '', value, ': day out of range');
  if (z) return goDate(year, month, day, hour, min, sec, nsec, z);
  if (zoneOffset !== -1) {
    const t = goDate(year, month, day, hour, min, sec, nsec, UTC);
    const unix = t.unix - zoneOffset;
    const zl = lookupZone(localLoc, unix);
    if (zl.offset === zoneOffset && (zoneName === '' || zl.name === zoneName)) return new GoTime(unix, t.nsec, localLoc);
    return new GoTime(unix, t.nsec, fixedZone(zoneName, zoneOffset));
  }
  if (zoneName !== '') {
    const t = goDate(year, month, day, hour, min, sec, nsec, UTC);
    const off = lookupName(localLoc, zoneName, t.unix);
    if (off !== null) return new GoTime(t.unix - off, t.nsec, localLoc);
    let offset = 0;
    if (zoneName.length > 3 && zoneName.startsWith('GMT')) {
      const o = atoi(zoneName.slice(3));
      offset = (o === BAD ? 0 : o) * 3600;
    }
    return new GoTime(t.unix, t.nsec, fixedZone(zoneName, offset));
  }
  return goDate(year, month, day, hour, min, sec, nsec, defaultLoc);
}

// ---------- Duration (time/time.go) ----------

const NS = 1n;
const US = 1000n;
const MS = 1000000n;
const SEC = 1000000000n;
const UNITS: Record<string, bigint> = {
  ns: NS,
  us: US,
  'µs': US,
  'μs': US,
  ms: MS,
  s: SEC,
  m: 60n * SEC,
  h: 3600n * SEC,
};

function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let s = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print = print || digit !== 0n;
    if (print) s = String(digit) + s;
    v /= 10n;
  }
  if (print) s = '.' + s;
  return [s, v];
}

/** time.Duration.String(). */
export function durationString(d: bigint): string {
  d = BigInt.asIntN(64, d);
  let u = d < 0n ? -d : d;
  u = BigInt.asUintN(64, u);
  const neg = d < 0n;
  let out: string;
  if (u < SEC) {
    if (u === 0n) return '0s';
    let prec: number;
    let unit: string;
    if (u < US) {
      prec = 0;
      unit = 'ns';
    } else if (u < MS) {
      prec = 3;
      unit = 'µs';
    } else {
      prec = 6;
      unit = 'ms';
    }
    const [frac, rest] = fmtFrac(u, prec);
    out = String(rest) + frac + unit;
  } else {
    const [frac, secs] = fmtFrac(u, 9);
    out = String(secs % 60n) + frac + 's';
    let m = secs / 60n;
    if (m > 0n) {
      out = String(m % 60n) + 'm' + out;
      const h = m / 60n;
      m = h;
      if (h > 0n) out = String(h) + 'h' + out;
    }
  }
  return neg ? '-' + out : out;
}

export class GoDurationError extends Error {}

/** time.ParseDuration. */
export function parseDuration(s: string): bigint {
  const orig = s;
  const invalid = (): GoDurationError => new GoDurationError('time: invalid duration ' + timeQuote(orig));
  let d = 0n;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  const MAX = 1n << 63n;
  while (s !== '') {
    let f = 0n;
    let scale = 1;
    if (!(s[0] === '.' || (s[0] >= '0' && s[0] <= '9'))) throw invalid();
    const pl = s.length;
    const li = leadingInt(s);
    if (li === BAD) throw invalid();
    let v = li[0];
    s = li[1];
    const pre = pl !== s.length;
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      const pl2 = s.length;
      let i = 0;
      let overflow = false;
      for (; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c < 48 || c > 57) break;
        if (overflow) continue;
        if (f > (MAX - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(c - 48);
        if (y > MAX) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      s = s.slice(i);
      post = pl2 !== s.length;
    }
    if (!pre && !post) throw invalid();
    let i = 0;
    for (; i < s.length; i++) {
      const c = s[i];
      if (c === '.' || (c >= '0' && c <= '9')) break;
    }
    if (i === 0) throw new GoDurationError('time: missing unit in duration ' + timeQuote(orig));
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = UNITS[u];
    if (unit === undefined) throw new GoDurationError('time: unknown unit ' + timeQuote(u) + ' in duration ' + timeQuote(orig));
    if (v > MAX / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX) throw invalid();
    }
    d += v;
    if (d > MAX) throw invalid();
  }
  if (neg) return -d;
  if (d > MAX - 1n) throw invalid();
  return d;
}

const processStart = typeof performance !== 'undefined' ? performance.now() : 0;

/** time.Now() in Local, with a monotonic reading like Go's. */
export function timeNow(): GoTime {
  const ms = Date.now();
  const mono = Math.round(((typeof performance !== 'undefined' ? performance.now() : 0) - processStart) * 1e6);
  return new GoTime(Math.floor(ms / 1000), (ms % 1000) * 1e6, localLocation(), mono);
}
