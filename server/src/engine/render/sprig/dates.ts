/**
 * Sprig's date functions (date.go) and the time.Time / time.Duration values they hand to templates.
 */
import { FuncTable, GoError, GoFunction, GoNumber, GoStruct, GoValue, GoArgTypeError } from '../goValue';
import {
  durationString,
  formatTime,
  GoDurationError,
  GoTime,
  GoTimeParseError,
  goDate,
  LONG_DAYS,
  LONG_MONTHS,
  loadLocation,
  localLocation,
  parseDuration,
  parseTime,
  timeNow,
  UTC,
} from './goTime';

const TIME_DATA = new WeakMap<GoStruct, GoTime>();

/** The time.Time behind a template value, if it is one. */
export function goTimeOf(v: GoValue): GoTime | undefined {
  return v instanceof GoStruct ? TIME_DATA.get(v) : undefined;
}

const fn = (params: GoFunction['params'], call: (a: GoValue[]) => GoValue, variadic?: GoFunction['variadic']): GoFunction =>
  variadic ? { params, variadic, call } : { params, call };

function namedInt(typeName: string, value: bigint, text: string): GoStruct {
  // time.Month, time.Weekday, time.Duration: integers whose String() is what templates print.
  return new GoStruct(typeName, new Map(), new Map(), () => value, false, () => text);
}

/** A Go time.Duration value (printed as 1h2m3s; marshals as its nanoseconds). */
export function durationValue(d: bigint): GoStruct {
  const s = new GoStruct('time.Duration', new Map(), new Map([['String', fn([], () => durationString(d))], ['Nanoseconds', fn([], () => new GoNumber('int64', d))], ['Seconds', fn([], () => Number(d) / 1e9)], ['Minutes', fn([], () => Number(d) / 6e10)], ['Hours', fn([], () => Number(d) / 3.6e12)]]), () => d, false, () => durationString(d));
  DURATION_DATA.set(s, d);
  return s;
}
const DURATION_DATA = new WeakMap<GoStruct, bigint>();

function durationArg(v: GoValue): bigint {
  if (v instanceof GoStruct) {
    const d = DURATION_DATA.get(v);
    if (d !== undefined) return d;
  }
  if (v instanceof GoNumber && typeof v.value === 'bigint') return v.value;
  if (typeof v === 'bigint') return v;
  throw new GoArgTypeError(`wrong type for value; expected time.Duration; got ${typeName(v)}`);
}

function typeName(v: GoValue): string {
  if (v === null) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (v instanceof GoNumber) return v.kind;
  if (v instanceof GoStruct) return v.typeName;
  if (v instanceof Map) return 'map[string]interface {}';
  if (Array.isArray(v)) return '[]interface {}';
  return 'interface {}';
}

const i64 = (v: number | bigint): GoNumber => new GoNumber('int64', BigInt(v));

/** A time.Time as templates see it: fields none, methods as time.Time has them, String(), JSON as RFC 3339. */
export function timeValue(t: GoTime): GoStruct {
  const f = () => t.fields();
  const methods = new Map<string, GoFunction>([
    ['String', fn([], () => t.toString())],
    ['Format', fn(['string'], ([l]) => formatTime(t, l as string))],
    ['Unix', fn([], () => i64(t.unix))],
    ['UnixMilli', fn([], () => i64(BigInt(t.unix) * 1000n + BigInt(Math.floor(t.nsec / 1e6))))],
    ['UnixMicro', fn([], () => i64(BigInt(t.unix) * 1000000n + BigInt(Math.floor(t.nsec / 1e3))))],
    ['UnixNano', fn([], () => i64(BigInt.asIntN(64, BigInt(t.unix) * 1000000000n + BigInt(t.nsec))))],
    ['Year', fn([], () => BigInt(f().year))],
    ['Month', fn([], () => namedInt('time.Month', BigInt(f().month), LONG_MONTHS[f().month - 1]))],
    ['Day', fn([], () => BigInt(f().day))],
    ['Hour', fn([], () => BigInt(f().hour))],
    ['Minute', fn([], () => BigInt(f().min))],
    ['Second', fn([], () => BigInt(f().sec))],
    ['Nanosecond', fn([], () => BigInt(t.nsec))],
    ['YearDay', fn([], () => BigInt(f().yday))],
    ['Weekday', fn([], () => namedInt('time.Weekday', BigInt(f().wday), LONG_DAYS[f().wday]))],
    ['IsZero', fn([], () => t.isZero())],
    ['UTC', fn([], () => timeValue(t.in(UTC)))],
    ['Local', fn([], () => timeValue(t.in(localLocation())))],
    ['Add', fn(['any'], ([d]) => timeValue(t.add(durationArg(d))))],
    ['AddDate', fn(['int', 'int', 'int'], ([y, m, d]) => timeValue(addDate(t, Number(y), Number(m), Number(d))))],
    ['Sub', fn(['any'], ([u]) => durationValue(sub(t, timeArg(u))))],
    ['Before', fn(['any'], ([u]) => cmpTime(t, timeArg(u)) < 0)],
    ['After', fn(['any'], ([u]) => cmpTime(t, timeArg(u)) > 0)],
    ['Equal', fn(['any'], ([u]) => cmpTime(t, timeArg(u)) === 0)],
    ['Compare', fn(['any'], ([u]) => BigInt(cmpTime(t, timeArg(u))))],
  ]);
  const s = new GoStruct('time.Time', new Map(), methods, () => formatTime(t, '2006-01-02T15:04:05.999999999Z07:00'), false, () => t.toString());
  TIME_DATA.set(s, t);
  return s;
}

function addDate(t: GoTime, y: number, m: number, d: number): GoTime {
  const f = t.fields();
  // time.AddDate: normalised by Date
  const nt = goDateLike(t, f.year + y, f.month + m, f.day + d, f.hour, f.min, f.sec);
  return nt;
}

function goDateLike(t: GoTime, year: number, month: number, day: number, hour: number, min: number, sec: number): GoTime {
  return goDate(year, month, day, hour, min, sec, t.nsec, t.loc);
}

function sub(a: GoTime, b: GoTime): bigint {
  const d = (BigInt(a.unix) - BigInt(b.unix)) * 1000000000n + BigInt(a.nsec - b.nsec);
  const max = (1n << 63n) - 1n;
  if (d > max) return max;
  if (d < -max - 1n) return -max - 1n;
  return d;
}

function cmpTime(a: GoTime, b: GoTime): number {
  if (a.unix !== b.unix) return a.unix < b.unix ? -1 : 1;
  return a.nsec === b.nsec ? 0 : a.nsec < b.nsec ? -1 : 1;
}

function timeArg(v: GoValue): GoTime {
  const t = goTimeOf(v);
  if (!t) throw new GoArgTypeError(`wrong type for value; expected time.Time; got ${typeName(v)}`);
  return t;
}

/** date.go: the time a `date interface{}` argument stands for (time.Time, or int/int32/int64 seconds; else now). */
function dateArg(v: GoValue): GoTime {
  const t = goTimeOf(v);
  if (t) return t;
  if (typeof v === 'bigint') return new GoTime(Number(v), 0, localLocation());
  if (v instanceof GoNumber && (v.kind === 'int64' || v.kind === 'int32')) return new GoTime(Number(v.value), 0, localLocation());
  return timeNow();
}

function dateInZone(layout: string, date: GoValue, zone: string): string {
  const t = dateArg(date);
  const loc = loadLocation(zone) ?? UTC;
  return formatTime(t.in(loc), layout);
}

function toDate(layout: string, s: string): GoTime {
  const local = localLocation();
  return parseTime(layout, s, local, local);
}

function wrapTimeError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof GoTimeParseError || e instanceof GoDurationError) throw new GoError(e.message);
    throw e;
  }
}

const YEAR = 3600n * 24n * 365n * 1000000000n;
const MONTH = 3600n * 24n * 30n * 1000000000n;
const DAY = 3600n * 24n * 1000000000n;
const HOUR = 3600n * 1000000000n;
const MINUTE = 60n * 1000000000n;
const SECOND = 1000000000n;

// date.go durationRound
function durationRound(v: GoValue): string {
  let d = 0n;
  const t = goTimeOf(v);
  if (typeof v === 'string') {
    try {
      d = parseDuration(v);
    } catch {
      d = 0n;
    }
  } else if (v instanceof GoNumber && v.kind === 'int64') d = v.value as bigint;
  else if (t) d = sub(timeNow(), t);
  let u = BigInt.asUintN(64, d);
  if (d < 0n) u = BigInt.asUintN(64, -d);
  if (u > YEAR) return `${u / YEAR}y`;
  if (u > MONTH) return `${u / MONTH}mo`;
  if (u > DAY) return `${u / DAY}d`;
  if (u > HOUR) return `${u / HOUR}h`;
  if (u > MINUTE) return `${u / MINUTE}m`;
  if (u > SECOND) return `${u / SECOND}s`;
  return '0s';
}

function duration(v: GoValue): string {
  let n = 0n;
  if (typeof v === 'string') {
    // strconv.ParseInt(value, 10, 64), error → 0
    n = /^[+-]?[0-9]+$/.test(v) ? BigInt(v) : 0n;
    if (n > (1n << 63n) - 1n || n < -(1n << 63n)) n = 0n;
  } else if (v instanceof GoNumber && v.kind === 'int64') n = v.value as bigint;
  return durationString(BigInt.asIntN(64, n * SECOND));
}

function ago(v: GoValue): string {
  let t = goTimeOf(v);
  if (!t) {
    if (typeof v === 'bigint') t = new GoTime(Number(v), 0, localLocation());
    else if (v instanceof GoNumber && v.kind === 'int64') t = new GoTime(Number(v.value), 0, localLocation());
    else t = timeNow();
  }
  let d = sub(timeNow(), t);
  // Duration.Round(time.Second): halves away from zero
  const r = d % SECOND;
  const absR = r < 0n ? -r : r;
  d -= r;
  if (absR * 2n >= SECOND) d += d < 0n || r < 0n ? -SECOND : SECOND;
  return durationString(d);
}

export const sprigDates: FuncTable = {
  now: { params: [], nondeterministic: true, call: () => timeValue(timeNow()) },
  ago: { params: ['any'], nondeterministic: true, call: ([d]) => ago(d) },
  date: { params: ['string', 'any'], nondeterministic: true, call: ([l, d]) => dateInZone(l as string, d, 'Local') },
  date_in_zone: { params: ['string', 'any', 'string'], nondeterministic: true, call: ([l, d, z]) => dateInZone(l as string, d, z as string) },
  dateInZone: { params: ['string', 'any', 'string'], nondeterministic: true, call: ([l, d, z]) => dateInZone(l as string, d, z as string) },
  htmlDate: { params: ['any'], nondeterministic: true, call: ([d]) => dateInZone('2006-01-02', d, 'Local') },
  htmlDateInZone: { params: ['any', 'string'], nondeterministic: true, call: ([d, z]) => dateInZone('2006-01-02', d, z as string) },
  date_modify: {
    params: ['string', 'any'],
    nondeterministic: true,
    call: ([s, d]) => {
      const t = timeArg(d);
      try {
        return timeValue(t.add(parseDuration(s as string)));
      } catch (e) {
        if (e instanceof GoDurationError) return timeValue(t);
        throw e;
      }
    },
  },
  must_date_modify: {
    params: ['string', 'any'],
    nondeterministic: true,
    call: ([s, d]) => {
      const t = timeArg(d);
      return timeValue(wrapTimeError(() => t.add(parseDuration(s as string))));
    },
  },
  duration: { params: ['any'], call: ([v]) => duration(v) },
  durationRound: { params: ['any'], nondeterministic: true, call: ([v]) => durationRound(v) },
  toDate: {
    params: ['string', 'string'],
    call: ([l, s]) => {
      try {
        return timeValue(toDate(l as string, s as string));
      } catch (e) {
        if (e instanceof GoTimeParseError) return timeValue(GoTime.zero());
        throw e;
      }
    },
  },
  mustToDate: { params: ['string', 'string'], call: ([l, s]) => timeValue(wrapTimeError(() => toDate(l as string, s as string))) },
  unixEpoch: { params: ['any'], call: ([d]) => String(timeArg(d).unix) },
};
sprigDates.dateModify = sprigDates.date_modify;
sprigDates.mustDateModify = sprigDates.must_date_modify;
