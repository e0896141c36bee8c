/**
 * Sprig's defaults.go: default, empty, coalesce, all, any, ternary and the JSON functions (Helm replaces toJson,
 * mustToJson and fromJson with its own; the Sprig versions stay here for completeness and for toPrettyJson,
 * toRawJson and the must… variants Helm keeps).
 */
import { FuncTable, GoError, GoNumber, GoPanic, GoValue, isGoMap } from '../goValue';
import { marshalJson, unmarshalJson } from '../yaml/json';
import { outputCharged } from '../budget';

/** Sprig's empty (defaults.go): Go's zero value test, after text/template's isTrue. */
export function isEmpty(v: GoValue): boolean {
  switch (typeof v) {
    case 'string':
      return v.length === 0;
    case 'number':
      return v === 0;
    case 'bigint':
      return v === 0n;
    case 'boolean':
      return !v;
    default:
      if (v === null) return true;
      if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
      if (isGoMap(v)) return v.size === 0;
      if (v instanceof GoNumber) return typeof v.value === 'bigint' ? v.value === 0n : v.value === 0;
      // Structs are never empty, nor are non-nil pointers and funcs.
      return false;
  }
}

function jsonOrEmpty(v: GoValue, opts?: { indent?: string; escapeHTML?: boolean }): string {
  try {
    return marshalJson(v, opts);
  } catch (e) {
    if (e instanceof GoError) return '';
    throw e;
  }
}

function jsonOrError(v: GoValue, opts?: { indent?: string; escapeHTML?: boolean }): string {
  try {
    return marshalJson(v, opts);
  } catch (e) {
    if (e instanceof GoError || e instanceof GoPanic) throw new GoError(e.message);
    throw e;
  }
}

const PRETTY = { indent: '  ' };
const RAW = { escapeHTML: false };

export const sprigDefaults: FuncTable = {
  // defaults.go: dfault — the first of `given` unless it is missing or empty.
  default: {
    params: ['any'],
    variadic: 'any',
    call: (args) => (args.length < 2 || isEmpty(args[1]) ? args[0] : args[1]),
  },
  empty: { params: ['any'], call: ([v]) => isEmpty(v) },
  coalesce: {
    params: [],
    variadic: 'any',
    call: (args) => {
      for (const v of args) if (!isEmpty(v)) return v;
      return null;
    },
  },
  all: {
    params: [],
    variadic: 'any',
    call: (args) => {
      for (const v of args) if (isEmpty(v)) return false;
      return true;
    },
  },
  any: {
    params: [],
    variadic: 'any',
    call: (args) => {
      for (const v of args) if (!isEmpty(v)) return true;
      return false;
    },
  },
  ternary: { params: ['any', 'any', 'bool'], call: ([t, f, c]) => (c ? t : f) },

  // JSON: errors are swallowed by the plain variants, returned by must…; toRawJson panics.
  fromJson: {
    params: ['string'],
    call: ([s]) => {
      try {
        return unmarshalJson(s as string);
      } catch (e) {
        if (e instanceof GoError) return null;
        throw e;
      }
    },
  },
  mustFromJson: {
    params: ['string'],
    call: ([s]) => {
      try {
        return unmarshalJson(s as string);
      } catch (e) {
        if (e instanceof GoError || e instanceof GoPanic) throw new GoError(e.message);
        throw e;
      }
    },
  },
  toJson: { params: ['any'], call: ([v]) => jsonOrEmpty(v) },
  mustToJson: { params: ['any'], call: ([v]) => jsonOrError(v) },
  toPrettyJson: { params: ['any'], call: ([v]) => jsonOrEmpty(v, PRETTY) },
  mustToPrettyJson: { params: ['any'], call: ([v]) => jsonOrError(v, PRETTY) },
  toRawJson: {
    params: ['any'],
    call: ([v]) => {
      try {
        return marshalJson(v, RAW);
      } catch (e) {
        if (e instanceof GoError) throw new GoPanic(e.message);
        throw e;
      }
    },
  },
  mustToRawJson: { params: ['any'], call: ([v]) => jsonOrError(v, RAW) },
};

// the JSON writers' work is proportional to what they write: charged by its length (budget.ts outputCharged)
for (const name of ['toJson', 'mustToJson', 'toPrettyJson', 'mustToPrettyJson', 'toRawJson', 'mustToRawJson']) {
  sprigDefaults[name] = outputCharged(sprigDefaults[name]);
}
