/**
 * values.schema.json validation with the error text of the JSON-schema library each Helm pins: Helm 3.17 uses
 * xeipuuv/gojsonschema v1.2.0 (flat "- field: description" lines), Helm 4 uses santhosh-tekuri/jsonschema v6
 * ("- at '/a/b': got string, want integer", grouped causes indented). Both libraries walk Go maps, so the order
 * of sibling errors is random in Helm; here properties are visited in sorted order.
 *
 * Supported keywords: type, enum, const, required, properties, patternProperties, additionalProperties, items
 * (one schema; prefixItems), minItems, maxItems, uniqueItems, minLength, maxLength, pattern, minimum, maximum,
 * exclusiveMinimum, exclusiveMaximum, multipleOf, minProperties, maxProperties, allOf, anyOf, oneOf, not, contains,
 * if/then/else, local $ref (#/…), boolean schemas. Other keywords are ignored.
 */
import { GoMap, GoNumber, GoValue, compareGoStrings } from '../goValue';
import { sprintf } from '../fmt/goFmt';
import { HelmVersion } from './metadata';
import type { LoadedChart } from './loader';

type Json = null | boolean | string | number | Json[] | { [k: string]: Json };

/** An instance value: numbers keep whether they are integers (JSON has one number type). */
type Inst = null | boolean | string | { n: number; int: boolean } | Inst[] | Map<string, Inst>;

function toInst(v: GoValue, hv: HelmVersion): Inst {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return { n: v, int: Number.isInteger(v) };
  if (typeof v === 'bigint') return { n: Number(v), int: true };
  if (v instanceof GoNumber) return { n: Number(v.value), int: typeof v.value === 'bigint' || Number.isInteger(v.value) };
  if (Array.isArray(v)) return v.map((x) => toInst(x, hv));
  if (v instanceof Map) {
    const m = new Map<string, Inst>();
    for (const [k, x] of v) m.set(k, toInst(x, hv));
    return m;
  }
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return null;
}

const isObj = (s: Json): s is { [k: string]: Json } => typeof s === 'object' && s !== null && !Array.isArray(s);
const isNum = (v: Inst): v is { n: number; int: boolean } => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);

function jsonTypeOf(v: Inst): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Map) return 'object';
  return 'number';
}

function instEqual(a: Inst, b: Json): boolean {
  if (isNum(a)) return typeof b === 'number' && a.n === b;
  if (a === null || typeof a === 'boolean' || typeof a === 'string') return a === b;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => instEqual(x, b[i]));
  if (!isObj(b)) return false;
  const keys = Object.keys(b);
  return keys.length === a.size && keys.every((k) => a.has(k) && instEqual(a.get(k)!, b[k]));
}

function instToJson(a: Inst): Json {
  if (isNum(a)) return a.n;
  if (a === null || typeof a === 'boolean' || typeof a === 'string') return a;
  if (Array.isArray(a)) return a.map(instToJson);
  const o: { [k: string]: Json } = {};
  for (const [k, v] of a) o[k] = instToJson(v);
  return o;
}

function runeLen(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const regexCache = new Map<string, RegExp | null>();
function regex(p: string): RegExp | null {
  let r = regexCache.get(p);
  if (r === undefined) {
    try {
      r = new RegExp(p, 'u');
    } catch {
      r = null;
    }
    regexCache.set(p, r);
  }
  return r;
}

function resolveRef(root: Json, ref: string): Json | undefined {
  if (!ref.startsWith('#')) return true; // remote references are not fetched: permissive
  const ptr = decodeURIComponent(ref.slice(1));
  if (ptr === '') return root;
  let cur: Json = root;
  for (const raw of ptr.split('/').slice(1)) {
    const tok = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = cur[Number(tok)];
    else if (isObj(cur)) cur = cur[tok];
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

const fmtNum = (n: number) => sprintf('%v', [n]);

/** A number as golang.org/x/text/message prints %v/%d (santhosh-tekuri's messages): thousands grouped. */
function fmtNumV6(n: number): string {
  const s = fmtNum(n);
  const m = /^(-?)(\d+)(.*)$/.exec(s);
  if (!m || m[3].includes('e')) return s;
  return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + m[3];
}

// ---------------------------------------------------------------------------------------------------------------
// Helm 4: santhosh-tekuri/jsonschema v6 (validator.go, kind/kind.go, output.go)

interface VErr {
  loc: string[];
  msg: string;
  causes: VErr[];
  /** a $ref wrapper, hidden in output when it has one cause */
  ref?: boolean;
}

function quoteV6(s: string): string {
  let q = JSON.stringify(s).slice(1, -1);
  q = q.replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${q}'`;
}

function displayV6(v: Json): string {
  if (typeof v === 'string') return quoteV6(v);
  if (Array.isArray(v) || isObj(v)) return 'value';
  if (typeof v === 'number') return fmtNum(v);
  return String(v);
}

class V6 {
  depth = 0;
  constructor(readonly root: Json) {}

  validate(s: Json, v: Inst, loc: string[]): VErr | undefined {
    if (s === false) return { loc, msg: 'false schema', causes: [] };
    if (!isObj(s)) return undefined;
    if (++this.depth > 200) {
      this.depth--;
      return undefined;
    }
    try {
      return this.validateObj(s, v, loc);
    } finally {
      this.depth--;
    }
  }

  private validateObj(s: { [k: string]: Json }, v: Inst, loc: string[]): VErr | undefined {
    const t = jsonTypeOf(v);
    if (s.type !== undefined) {
      const want = Array.isArray(s.type) ? s.type.filter((x): x is string => typeof x === 'string') : typeof s.type === 'string' ? [s.type] : [];
      if (want.length) {
        const ok = want.includes(t) || (want.includes('integer') && t === 'number' && isNum(v) && v.int);
        if (!ok) return { loc, msg: `got ${t}, want ${want.join(' or ')}`, causes: [] };
      }
    }
    if (s.const !== undefined && !instEqual(v, s.const)) {
      const c = s.const;
      return { loc, msg: Array.isArray(c) || isObj(c) ? 'const failed' : `value must be ${displayV6(c)}`, causes: [] };
    }
    if (Array.isArray(s.enum) && !s.enum.some((e) => instEqual(v, e))) {
      const prim = s.enum.every((e) => !Array.isArray(e) && !isObj(e));
      let msg = 'enum failed';
      if (prim) msg = s.enum.length === 1 ? `value must be ${displayV6(s.enum[0])}` : `value must be one of ${s.enum.map(displayV6).join(', ')}`;
      return { loc, msg, causes: [] };
    }
    const errors: VErr[] = [];
    const add = (e: VErr | undefined) => {
      if (e) errors.push(e);
    };
    if (typeof s.$ref === 'string') {
      const target = resolveRef(this.root, s.$ref);
      const e = target === undefined ? undefined : this.validate(target, v, loc);
      if (e) errors.push({ loc, msg: 'validation failed', causes: e.msg === 'validation failed' && !e.ref && e.causes.length ? e.causes : [e], ref: true });
    }
    if (v instanceof Map) {
      if (typeof s.minProperties === 'number' && v.size < s.minProperties) add({ loc, msg: `minProperties: got ${fmtNumV6(v.size)}, want ${fmtNumV6(s.minProperties as number)}`, causes: [] });
      if (typeof s.maxProperties === 'number' && v.size > s.maxProperties) add({ loc, msg: `maxProperties: got ${fmtNumV6(v.size)}, want ${fmtNumV6(s.maxProperties as number)}`, causes: [] });
      if (Array.isArray(s.required)) {
        const missing = s.required.filter((r): r is string => typeof r === 'string' && !v.has(r));
        if (missing.length) {
          add({ loc, msg: missing.length === 1 ? `missing property ${quoteV6(missing[0])}` : `missing properties ${missing.map(quoteV6).join(', ')}`, causes: [] });
        }
      }
      const props = isObj(s.properties) ? s.properties : {};
      const pprops = isObj(s.patternProperties) ? s.patternProperties : {};
      const additional: string[] = [];
      for (const k of [...v.keys()].sort(compareGoStrings)) {
        const pv = v.get(k)!;
        let evaluated = false;
        if (Object.prototype.hasOwnProperty.call(props, k)) {
          evaluated = true;
          add(this.validate(props[k], pv, [...loc, k]));
        }
        for (const [re, ps] of Object.entries(pprops)) {
          if (regex(re)?.test(k)) {
            evaluated = true;
            add(this.validate(ps, pv, [...loc, k]));
          }
        }
        if (!evaluated && s.additionalProperties !== undefined) {
          if (s.additionalProperties === false) additional.push(k);
          else if (isObj(s.additionalProperties)) add(this.validate(s.additionalProperties, pv, [...loc, k]));
        }
      }
      if (additional.length) add({ loc, msg: `additional properties ${additional.map(quoteV6).join(', ')} not allowed`, causes: [] });
    } else if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems) add({ loc, msg: `minItems: got ${fmtNumV6(v.length)}, want ${fmtNumV6(s.minItems as number)}`, causes: [] });
      if (typeof s.maxItems === 'number' && v.length > s.maxItems) add({ loc, msg: `maxItems: got ${fmtNumV6(v.length)}, want ${fmtNumV6(s.maxItems as number)}`, causes: [] });
      if (s.uniqueItems === true && v.length > 1) {
        outer: for (let i = 0; i < v.length; i++) {
          for (let j = i + 1; j < v.length; j++) {
            if (instEqual(v[i], instToJson(v[j]))) {
              add({ loc, msg: `items at ${fmtNumV6(i)} and ${fmtNumV6(j)} are equal`, causes: [] });
              break outer;
            }
          }
        }
      }
      const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
      const n = Math.min(prefix.length, v.length);
      for (let i = 0; i < n; i++) add(this.validate(prefix[i], v[i], [...loc, String(i)]));
      if (s.items !== undefined && !Array.isArray(s.items)) {
        for (let i = n; i < v.length; i++) add(this.validate(s.items, v[i], [...loc, String(i)]));
      }
      if (s.contains !== undefined) {
        const errs: VErr[] = [];
        let matched = 0;
        v.forEach((x, i) => {
          const e = this.validate(s.contains, x, [...loc, String(i)]);
          if (e) errs.push(e);
          else matched++;
        });
        if (typeof s.minContains === 'number') {
          if (matched < s.minContains) add({ loc, msg: `min ${fmtNumV6(s.minContains)} items required to match contains schema, but none matched`, causes: errs });
        } else if (matched === 0) add({ loc, msg: 'no items match contains schema', causes: errs });
      }
    } else if (typeof v === 'string') {
      const len = typeof s.minLength === 'number' || typeof s.maxLength === 'number' ? runeLen(v) : 0;
      if (typeof s.minLength === 'number' && len < s.minLength) add({ loc, msg: `minLength: got ${fmtNumV6(len)}, want ${fmtNumV6(s.minLength as number)}`, causes: [] });
      if (typeof s.maxLength === 'number' && len > s.maxLength) add({ loc, msg: `maxLength: got ${fmtNumV6(len)}, want ${fmtNumV6(s.maxLength as number)}`, causes: [] });
      if (typeof s.pattern === 'string') {
        const re = regex(s.pattern);
        if (re && !re.test(v)) add({ loc, msg: `${quoteV6(v)} does not match pattern ${quoteV6(s.pattern)}`, causes: [] });
      }
    } else if (isNum(v)) {
      const x = v.n;
      if (typeof s.minimum === 'number' && x < s.minimum) add({ loc, msg: `minimum: got ${fmtNumV6(x)}, want ${fmtNumV6(s.minimum)}`, causes: [] });
      if (typeof s.maximum === 'number' && x > s.maximum) add({ loc, msg: `maximum: got ${fmtNumV6(x)}, want ${fmtNumV6(s.maximum)}`, causes: [] });
      if (typeof s.exclusiveMinimum === 'number' && x <= s.exclusiveMinimum) add({ loc, msg: `exclusiveMinimum: got ${fmtNumV6(x)}, want ${fmtNumV6(s.exclusiveMinimum)}`, causes: [] });
      if (typeof s.exclusiveMaximum === 'number' && x >= s.exclusiveMaximum) add({ loc, msg: `exclusiveMaximum: got ${fmtNumV6(x)}, want ${fmtNumV6(s.exclusiveMaximum)}`, causes: [] });
      if (typeof s.multipleOf === 'number' && s.multipleOf > 0 && !Number.isInteger(x / s.multipleOf)) {
        add({ loc, msg: `multipleOf: got ${fmtNumV6(x)}, want ${fmtNumV6(s.multipleOf)}`, causes: [] });
      }
    }
    // condValidate
    if (s.not !== undefined && !this.validate(s.not, v, loc)) add({ loc, msg: "'not' failed", causes: [] });
    if (Array.isArray(s.allOf)) {
      const errs = s.allOf.map((x) => this.validate(x, v, loc)).filter((e): e is VErr => !!e);
      if (errs.length) add({ loc, msg: "'allOf' failed", causes: errs });
    }
    if (Array.isArray(s.anyOf)) {
      const errs: VErr[] = [];
      let matched = false;
      for (const x of s.anyOf) {
        const e = this.validate(x, v, loc);
        if (!e) {
          matched = true;
          break;
        }
        errs.push(e);
      }
      if (!matched) add({ loc, msg: "'anyOf' failed", causes: errs });
    }
    if (Array.isArray(s.oneOf)) {
      let matched = -1;
      const errs: VErr[] = [];
      for (let i = 0; i < s.oneOf.length; i++) {
        const e = this.validate(s.oneOf[i], v, loc);
        if (e) {
          if (matched === -1) errs.push(e);
        } else if (matched === -1) matched = i;
        else {
          add({ loc, msg: `'oneOf' failed, subschemas ${fmtNumV6(matched)}, ${fmtNumV6(i)} matched`, causes: [] });
          break;
        }
      }
      if (matched === -1) add({ loc, msg: "'oneOf' failed, none matched", causes: errs });
    }
    if (s.if !== undefined) {
      if (!this.validate(s.if, v, loc)) {
        if (s.then !== undefined) add(this.validate(s.then, v, loc));
      } else if (s.else !== undefined) add(this.validate(s.else, v, loc));
    }
    if (errors.length === 0) return undefined;
    if (errors.length === 1) return errors[0];
    return { loc, msg: 'validation failed', causes: errors };
  }
}

function jsonPtr(loc: string[]): string {
  return loc.map((t) => '/' + t.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function renderV6(e: VErr, indent: number, out: string[]): void {
  const skip = e.ref === true && e.causes.length === 1;
  if (!skip) {
    out.push(`${'  '.repeat(Math.max(0, indent - 1))}- at ${quoteV6(jsonPtr(e.loc))}: ${e.msg}`);
    indent++;
  }
  for (const c of e.causes) renderV6(c, indent, out);
}

// ---------------------------------------------------------------------------------------------------------------
// Helm 3: xeipuuv/gojsonschema v1.2.0 (validation.go, locales.go, result.go)

interface FlatErr {
  field: string;
  desc: string;
}

class V3 {
  depth = 0;
  constructor(readonly root: Json) {}

  private field(ctx: string[]): string {
    return ctx.length === 0 ? '(root)' : ctx.join('.');
  }

  validate(s: Json, v: Inst, ctx: string[], out: FlatErr[]): void {
    if (s === true || !isObj(s)) {
      if (s === false) out.push({ field: this.field(ctx), desc: 'False always fails validation' });
      return;
    }
    if (++this.depth > 200) {
      this.depth--;
      return;
    }
    try {
      this.validateObj(s, v, ctx, out);
    } finally {
      this.depth--;
    }
  }

  private validateObj(s: { [k: string]: Json }, v: Inst, ctx: string[], out: FlatErr[]): void {
    if (typeof s.$ref === 'string') {
      const target = resolveRef(this.root, s.$ref);
      if (target !== undefined) this.validate(target, v, ctx, out);
      return;
    }
    const field = this.field(ctx);
    const types = Array.isArray(s.type) ? s.type.filter((x): x is string => typeof x === 'string') : typeof s.type === 'string' ? [s.type] : [];
    const expected = types.length > 1 ? `[${types.join(',')}]` : (types[0] ?? '');
    let given = jsonTypeOf(v);
    if (isNum(v)) given = v.int ? 'integer' : 'number';
    if (types.length) {
      const ok = types.includes(given) || (given === 'integer' && types.includes('number'));
      if (!ok) {
        out.push({ field, desc: `Invalid type. Expected: ${expected}, given: ${given}` });
        return;
      }
    }
    this.validateSchema(s, v, ctx, out);
    if (v instanceof Map) {
      if (typeof s.minProperties === 'number' && v.size < s.minProperties) out.push({ field, desc: `Must have at least ${s.minProperties} properties` });
      if (typeof s.maxProperties === 'number' && v.size > s.maxProperties) out.push({ field, desc: `Must have at most ${s.maxProperties} properties` });
      if (Array.isArray(s.required)) {
        for (const r of s.required) if (typeof r === 'string' && !v.has(r)) out.push({ field, desc: `${r} is required` });
      }
      const props = isObj(s.properties) ? s.properties : {};
      const pprops = isObj(s.patternProperties) ? s.patternProperties : {};
      for (const k of [...v.keys()].sort(compareGoStrings)) {
        const found = Object.prototype.hasOwnProperty.call(props, k);
        let pp = false;
        for (const [re, ps] of Object.entries(pprops)) {
          if (regex(re)?.test(k)) {
            pp = true;
            this.validate(ps, v.get(k)!, [...ctx, k], out);
          }
        }
        if (!found && !pp) {
          if (s.additionalProperties === false) out.push({ field, desc: `Additional property ${k} is not allowed` });
          else if (isObj(s.additionalProperties)) this.validate(s.additionalProperties, v.get(k)!, [...ctx, k], out);
        }
      }
      this.validateCommon(s, v, field, out);
      for (const k of Object.keys(props).sort(compareGoStrings)) {
        if (v.has(k)) this.validate(props[k], v.get(k)!, [...ctx, k], out);
      }
      return;
    }
    if (Array.isArray(v)) {
      if (s.items !== undefined && !Array.isArray(s.items)) v.forEach((x, i) => this.validate(s.items, x, [...ctx, String(i)], out));
      else if (Array.isArray(s.items)) s.items.forEach((is, i) => i < v.length && this.validate(is, v[i], [...ctx, String(i)], out));
      if (s.contains !== undefined) {
        const all: FlatErr[] = [];
        let any = false;
        v.forEach((x, i) => {
          const o: FlatErr[] = [];
          this.validate(s.contains, x, [...ctx, String(i)], o);
          if (o.length) all.push(...o);
          else any = true;
        });
        if (!any) {
          out.push({ field, desc: 'At least one of the items must match' });
          out.push(...all);
        }
      }
      if (typeof s.minItems === 'number' && v.length < s.minItems) out.push({ field, desc: `Array must have at least ${s.minItems} items` });
      if (typeof s.maxItems === 'number' && v.length > s.maxItems) out.push({ field, desc: `Array must have at most ${s.maxItems} items` });
      if (s.uniqueItems === true) {
        outer: for (let i = 0; i < v.length; i++) {
          for (let j = i + 1; j < v.length; j++) {
            if (instEqual(v[i], instToJson(v[j]))) {
              out.push({ field, desc: `array items[${i},${j}] must be unique` });
              break outer;
            }
          }
        }
      }
      this.validateCommon(s, v, field, out);
      return;
    }
    if (isNum(v)) {
      const x = v.n;
      if (typeof s.multipleOf === 'number' && s.multipleOf > 0 && !Number.isInteger(x / s.multipleOf)) out.push({ field, desc: `Must be a multiple of ${fmtNum(s.multipleOf)}` });
      const exMin = s.exclusiveMinimum;
      const exMax = s.exclusiveMaximum;
      if (typeof s.minimum === 'number') {
        if (exMin === true ? x <= s.minimum : x < s.minimum) out.push({ field, desc: exMin === true ? `Must be greater than ${fmtNum(s.minimum)}` : `Must be greater than or equal to ${fmtNum(s.minimum)}` });
      }
      if (typeof exMin === 'number' && x <= exMin) out.push({ field, desc: `Must be greater than ${fmtNum(exMin)}` });
      if (typeof s.maximum === 'number') {
        if (exMax === true ? x >= s.maximum : x > s.maximum) out.push({ field, desc: exMax === true ? `Must be less than ${fmtNum(s.maximum)}` : `Must be less than or equal to ${fmtNum(s.maximum)}` });
      }
      if (typeof exMax === 'number' && x >= exMax) out.push({ field, desc: `Must be less than ${fmtNum(exMax)}` });
    }
    this.validateCommon(s, v, field, out);
    if (typeof v === 'string') {
      const len = runeLen(v);
      if (typeof s.minLength === 'number' && len < s.minLength) out.push({ field, desc: `String length must be greater than or equal to ${s.minLength}` });
      if (typeof s.maxLength === 'number' && len > s.maxLength) out.push({ field, desc: `String length must be less than or equal to ${s.maxLength}` });
      if (typeof s.pattern === 'string') {
        const re = regex(s.pattern);
        if (re && !re.test(v)) out.push({ field, desc: `Does not match pattern '${s.pattern}'` });
      }
    }
  }

  private validateSchema(s: { [k: string]: Json }, v: Inst, ctx: string[], out: FlatErr[]): void {
    const field = this.field(ctx);
    const sub = (x: Json) => {
      const o: FlatErr[] = [];
      this.validate(x, v, ctx, o);
      return o;
    };
    if (Array.isArray(s.anyOf) && s.anyOf.length) {
      let best: FlatErr[] | undefined;
      let ok = false;
      for (const x of s.anyOf) {
        const r = sub(x);
        if (!r.length) {
          ok = true;
          break;
        }
        best ??= r;
      }
      if (!ok) {
        out.push({ field, desc: 'Must validate at least one schema (anyOf)' });
        out.push(...(best ?? []));
      }
    }
    if (Array.isArray(s.oneOf) && s.oneOf.length) {
      let n = 0;
      let best: FlatErr[] | undefined;
      for (const x of s.oneOf) {
        const r = sub(x);
        if (!r.length) n++;
        else best ??= r;
      }
      if (n !== 1) {
        out.push({ field, desc: 'Must validate one and only one schema (oneOf)' });
        if (n === 0) out.push(...(best ?? []));
      }
    }
    if (Array.isArray(s.allOf) && s.allOf.length) {
      let failed = false;
      const all: FlatErr[] = [];
      for (const x of s.allOf) {
        const r = sub(x);
        if (r.length) {
          failed = true;
          all.push(...r);
        }
      }
      if (failed) {
        out.push({ field, desc: 'Must validate all the schemas (allOf)' });
        out.push(...all);
      }
    }
    if (s.not !== undefined && !sub(s.not).length) out.push({ field, desc: 'Must not validate the schema (not)' });
    if (s.if !== undefined) {
      if (!sub(s.if).length) {
        if (s.then !== undefined) {
          const r = sub(s.then);
          if (r.length) {
            out.push({ field, desc: 'Must validate "then" as "if" was valid' });
            out.push(...r);
          }
        }
      } else if (s.else !== undefined) {
        const r = sub(s.else);
        if (r.length) {
          out.push({ field, desc: 'Must validate "else" as "if" was not valid' });
          out.push(...r);
        }
      }
    }
  }

  private validateCommon(s: { [k: string]: Json }, v: Inst, field: string, out: FlatErr[]): void {
    if (s.const !== undefined && !instEqual(v, s.const)) out.push({ field, desc: `${field} does not match: ${JSON.stringify(s.const)}` });
    if (Array.isArray(s.enum) && s.enum.length && !s.enum.some((e) => instEqual(v, e))) {
      out.push({ field, desc: `${field} must be one of the following: ${s.enum.map((e) => JSON.stringify(e)).join(', ')}` });
    }
  }
}

/** ValidateAgainstSingleSchema: the error text (as Helm prints it, lines ending in "\n"), or undefined. */
export function validateAgainstSingleSchema(values: GoMap, schemaJson: Uint8Array | string, helmVersion: HelmVersion = '4'): string | undefined {
  const text = typeof schemaJson === 'string' ? schemaJson : new TextDecoder().decode(schemaJson);
  let schema: Json;
  try {
    schema = JSON.parse(text) as Json;
  } catch (e) {
    return helmVersion === '3' ? (e as Error).message : `failed to unmarshal JSON: ${(e as Error).message}`;
  }
  const inst = toInst(values, helmVersion);
  if (helmVersion === '3') {
    const out: FlatErr[] = [];
    new V3(schema).validate(schema, inst, [], out);
    if (!out.length) return undefined;
    return out.map((e) => `- ${e.field}: ${e.desc}\n`).join('');
  }
  const err = new V6(schema).validate(schema, inst, []);
  if (!err) return undefined;
  const lines: string[] = [];
  const top = err.msg === 'validation failed' && !err.ref && err.causes.length ? err.causes : [err];
  for (const c of top) renderV6(c, 1, lines);
  return lines.join('\n') + '\n';
}

/** ValidateAgainstSchema over the chart and its subcharts; the combined text, or undefined when valid. */
export function validateAgainstSchema(chart: LoadedChart, values: GoMap, helmVersion: HelmVersion = '4'): string | undefined {
  let sb = '';
  if (chart.schema) {
    const e = validateAgainstSingleSchema(values, chart.schema, helmVersion);
    if (e !== undefined) sb += `${chart.name}:\n${e}`;
  }
  for (const sub of chart.dependencies) {
    const raw = values.get(sub.name);
    if (helmVersion !== '3') {
      if (raw === undefined || raw === null) continue;
      if (!(raw instanceof Map)) {
        sb += `${sub.name}:\ninvalid type for values: expected object (map), got ${sprintf('%T', [raw])}\n`;
        continue;
      }
    } else if (!(raw instanceof Map)) continue;
    const e = validateAgainstSchema(sub, raw, helmVersion);
    if (e !== undefined) sb += e;
  }
  return sb.length ? sb : undefined;
}
