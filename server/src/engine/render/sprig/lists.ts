/**
 * Sprig's list functions (sprig list.go) and the list producers of numeric.go (until, untilStep, seq). Every
 * function copies: Go's versions build new []interface{} values, so the argument lists are never changed.
 */
import { CallContext, FuncTable, GoError, GoFunction, GoPanic, GoValue, sliceElemType, typedSlice } from '../goValue';
import { isEmpty } from './defaults';
import { castToInt64 } from './math';
import { deepEqual, goKind, isGoList, listItems } from './reflect';

const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';

/**
 * The items of a list argument, or the Go failure: reflect.TypeOf(nil).Kind() dereferences a nil Type (a panic
 * even in the must… variants), any other non-slice gets `message` with the kind (an error, or a panic when `panic`).
 */
function itemsOf(v: GoValue, message: (kind: string) => string, panic: boolean): GoValue[] {
  if (isGoList(v)) return listItems(v);
  if (v === null) throw new GoPanic(NIL_DEREF);
  const msg = message(goKind(v));
  throw panic ? new GoPanic(msg) : new GoError(msg);
}

/** A table entry pair: `name` panics on a bad list, `mustName` returns the error. */
function pair(
  name: string,
  mustName: string,
  params: GoFunction['params'],
  variadic: GoFunction['variadic'],
  impl: (args: GoValue[], panic: boolean, ctx: CallContext) => GoValue,
): FuncTable {
  const plain: GoFunction = { params, call: (args, ctx) => impl(args, true, ctx) };
  const must: GoFunction = { params, call: (args, ctx) => impl(args, false, ctx) };
  if (variadic) plain.variadic = must.variadic = variadic;
  return { [name]: plain, [mustName]: must };
}

function push([list, v]: GoValue[], panic: boolean, ctx: CallContext): GoValue {
  const items = itemsOf(list, (k) => `Cannot push on type ${k}`, panic);
  ctx.charge(items.length + 1);
  const out = items.slice();
  out.push(v);
  return out;
}

function prepend([list, v]: GoValue[], panic: boolean, ctx: CallContext): GoValue {
  const items = itemsOf(list, (k) => `Cannot prepend on type ${k}`, panic);
  ctx.charge(items.length + 1);
  const out: GoValue[] = [v];
  for (const x of items) out.push(x);
  return out;
}

const LEN_OUT_OF_RANGE = 'runtime error: makeslice: len out of range';

// Go's int(f) for a float64 on amd64.
function floatToInt(f: number): number {
  return Number.isFinite(f) && Math.abs(f) < 9.2e18 ? Math.trunc(f) : -Infinity;
}

function chunk([size, list]: GoValue[], panic: boolean, ctx: CallContext): GoValue {
  const items = itemsOf(list, (k) => `Cannot chunk type ${k}`, panic);
  const l = items.length;
  const sz = Number(size as bigint);
  ctx.charge(l);
  // list.go mustChunk computes the chunk count in float64, as here.
  const cs = floatToInt(Math.floor((l - 1) / sz) + 1);
  if (cs < 0 || !Number.isFinite(cs)) throw new GoPanic(LEN_OUT_OF_RANGE);
  const out: GoValue[] = new Array(cs);
  for (let c = 0; c < cs; c++) {
    let clen = sz;
    if (c === cs - 1) {
      clen = floatToInt(Math.floor(l % sz));
      if (clen === 0) clen = sz;
    }
    if (clen < 0 || !Number.isFinite(clen)) throw new GoPanic(LEN_OUT_OF_RANGE);
    const part: GoValue[] = new Array(clen);
    for (let j = 0; j < clen; j++) {
      const ix = c * sz + j;
      if (ix >= l) throw new GoPanic('reflect: slice index out of range');
      part[j] = items[ix];
    }
    out[c] = part;
  }
  return typedSlice(out, '[]interface {}');
}

function last([list]: GoValue[], panic: boolean): GoValue {
  const items = itemsOf(list, (k) => `Cannot find last on type ${k}`, panic);
  return items.length === 0 ? null : items[items.length - 1];
}

function first([list]: GoValue[], panic: boolean): GoValue {
  const items = itemsOf(list, (k) => `Cannot find first on type ${k}`, panic);
  return items.length === 0 ? null : items[0];
}

// An empty list gives Go's nil []interface{}, which prints and marshals like an empty one here.
function rest([list]: GoValue[], panic: boolean, ctx: CallContext): GoValue {
  const items = itemsOf(list, (k) => `Cannot find rest on type ${k}`, panic);
  ctx.charge(items.length);
  return items.slice(1);
}

function initial([list]: GoValue[], panic: boolean, ctx: CallContext): GoValue {
  const items = itemsOf(list, (k) => `Cannot find initial on type ${k}`, panic);
  ctx.charge(items.length);
  return items.slice(0, Math.max(0, items.length - 1));
}

function reverse([list]: GoValue[], panic: boolean, ctx: CallContext): GoValue {
  const items = itemsOf(list, (k) => `Cannot find reverse on type ${k}`, panic);
  ctx.charge(items.length);
  return items.slice().reverse();
}

function compact([list]: GoValue[], panic: boolean, ctx: CallContext): GoValue {
  const items = itemsOf(list, (k) => `Cannot compact on type ${k}`, panic);
  ctx.charge(items.length);
  return items.filter((x) => !isEmpty(x));
}

function inList(haystack: readonly GoValue[], needle: GoValue): boolean {
  for (const h of haystack) if (deepEqual(needle, h)) return true;
  return false;
}

function uniq([list]: GoValue[], panic: boolean, ctx: CallContext): GoValue {
  const items = itemsOf(list, (k) => `Cannot find uniq on type ${k}`, panic);
  ctx.charge(items.length);
  const out: GoValue[] = [];
  for (const x of items) {
    // quadratic, as Go's: each item is compared with every kept one
    ctx.charge(out.length);
    if (!inList(out, x)) out.push(x);
  }
  return out;
}

function without([list, ...omit]: GoValue[], panic: boolean, ctx: CallContext): GoValue {
  const items = itemsOf(list, (k) => `Cannot find without on type ${k}`, panic);
  ctx.charge(items.length * Math.max(1, omit.length));
  return items.filter((x) => !inList(omit, x));
}

function has([needle, haystack]: GoValue[], panic: boolean, ctx: CallContext): GoValue {
  if (haystack === null) return false;
  const items = itemsOf(haystack, (k) => `Cannot find has on type ${k}`, panic);
  ctx.charge(items.length);
  return inList(items, needle);
}

// list.go mustSlice: reflect.Value.Slice keeps the slice's own type.
function slice([list, ...indices]: GoValue[], panic: boolean, ctx: CallContext): GoValue {
  if (!isGoList(list)) {
    if (list === null) throw new GoPanic(NIL_DEREF);
    const msg = `list should be type of slice or array but ${goKind(list)}`;
    throw panic ? new GoPanic(msg) : new GoError(msg);
  }
  const l = list.length;
  if (l === 0) return null;
  const start = indices.length > 0 ? castToInt64(indices[0]) : 0n;
  const end = indices.length < 2 ? BigInt(l) : castToInt64(indices[1]);
  if (start < 0n || end < start || end > BigInt(l)) throw new GoPanic('reflect.Value.Slice: slice index out of bounds');
  ctx.charge(Number(end - start));
  if (list instanceof Uint8Array) return list.slice(Number(start), Number(end));
  const out = list.slice(Number(start), Number(end));
  const et = sliceElemType(list);
  return et === 'interface {}' ? out : typedSlice(out, et);
}

function concat(lists: GoValue[], ctx: CallContext): GoValue {
  // charged for the result's length before it is built
  let total = 0;
  for (const l of lists) if (isGoList(l)) total += l.length;
  ctx.charge(total);
  const out: GoValue[] = [];
  for (const l of lists) {
    if (l === null) throw new GoPanic(NIL_DEREF);
    if (!isGoList(l)) throw new GoPanic(`Cannot concat type ${goKind(l)} as list`);
    for (const x of listItems(l)) out.push(x);
  }
  return out;
}

/** numeric.go untilStep, charging the budget for the length before building it. */
export function untilStep(start: bigint, stop: bigint, step: bigint, ctx: CallContext): bigint[] {
  let n: bigint;
  if (stop < start) {
    if (step >= 0n) return [];
    n = (start - stop + -step - 1n) / -step;
  } else {
    if (step <= 0n) return [];
    n = (stop - start + step - 1n) / step;
  }
  ctx.charge(Number(n));
  const out: bigint[] = new Array(Number(n));
  let v = start;
  for (let k = 0; k < out.length; k++) {
    out[k] = v;
    v += step;
  }
  return out;
}

// numeric.go seq: the numbers joined by spaces.
function seq(p: bigint[], ctx: CallContext): string {
  let r: bigint[];
  switch (p.length) {
    case 1: {
      const end = p[0];
      const inc = end < 1n ? -1n : 1n;
      r = untilStep(1n, end + inc, inc, ctx);
      break;
    }
    case 2: {
      const step = p[1] < p[0] ? -1n : 1n;
      r = untilStep(p[0], p[1] + step, step, ctx);
      break;
    }
    case 3: {
      const [start, step, end] = p;
      let inc = 1n;
      if (end < start) {
        inc = -1n;
        if (step > 0n) return '';
      }
      r = untilStep(start, end + inc, step, ctx);
      break;
    }
    default:
      return '';
  }
  return r.join(' ');
}

export const sprigLists: FuncTable = {
  list: { params: [], variadic: 'any', call: (args) => args.slice() },
  tuple: { params: [], variadic: 'any', call: (args) => args.slice() },
  ...pair('append', 'mustAppend', ['any', 'any'], undefined, push),
  ...pair('push', 'mustPush', ['any', 'any'], undefined, push),
  ...pair('prepend', 'mustPrepend', ['any', 'any'], undefined, prepend),
  ...pair('first', 'mustFirst', ['any'], undefined, first),
  ...pair('rest', 'mustRest', ['any'], undefined, rest),
  ...pair('last', 'mustLast', ['any'], undefined, last),
  ...pair('initial', 'mustInitial', ['any'], undefined, initial),
  ...pair('reverse', 'mustReverse', ['any'], undefined, reverse),
  ...pair('uniq', 'mustUniq', ['any'], undefined, uniq),
  ...pair('without', 'mustWithout', ['any'], 'any', without),
  ...pair('has', 'mustHas', ['any', 'any'], undefined, has),
  ...pair('slice', 'mustSlice', ['any'], 'any', slice),
  ...pair('chunk', 'mustChunk', ['int', 'any'], undefined, chunk),
  ...pair('compact', 'mustCompact', ['any'], undefined, compact),
  concat: { params: [], variadic: 'any', call: (args, ctx) => concat(args, ctx) },
  until: {
    params: ['int'],
    call: ([n], ctx) => {
      const count = n as bigint;
      return typedSlice(untilStep(0n, count, count < 0n ? -1n : 1n, ctx), 'int');
    },
  },
  untilStep: {
    params: ['int', 'int', 'int'],
    call: ([a, b, c], ctx) => typedSlice(untilStep(a as bigint, b as bigint, c as bigint, ctx), 'int'),
  },
  seq: { params: [], variadic: 'int', call: (args, ctx) => seq(args as bigint[], ctx) },
};
