/**
 * pkg/cli/values/options.go Options.MergeValues: `-f` files merged in order, then --set-json, --set, --set-string,
 * --set-file and --set-literal, each with Helm's error text.
 */
import { GoError, GoMap, GoValue } from '../goValue';
import { HelmVersion } from './metadata';
import { loadValues, mergeMaps } from './valuesFile';
import { StrvalsError, decodeJsonPrefix, parseInto, parseIntoFile, parseIntoString, parseJson, parseLiteralInto } from './strvals';

export { mergeMaps };

export interface ValueOptions {
  /** -f/--values files, in order (name is used in messages). */
  valuesFiles?: { name: string; text: string }[];
  /** --set */
  set?: string[];
  /** --set-string */
  setString?: string[];
  /** --set-json */
  setJson?: string[];
  /** --set-literal */
  setLiteral?: string[];
  /** --set-file with the file already read: `key` is the part before '=', `text` the file's content. */
  setFile?: { key: string; text: string }[];
  /** --set-file as given on the command line (`key=path`), read through `readFile`. */
  setFileSpecs?: string[];
  /** Reads a --set-file path; undefined makes Helm's "no such file" error. */
  readFile?: (path: string) => string | undefined;
  helmVersion?: HelmVersion;
}

function strvalsMessage(e: unknown): string {
  if (e instanceof StrvalsError) return e.message;
  throw e;
}

/** Options.MergeValues. Throws GoError with Helm's message. */
export function mergeValueOptions(opts: ValueOptions): GoMap {
  const hv = opts.helmVersion ?? '4';
  let base: GoMap = new Map();
  for (const f of opts.valuesFiles ?? []) {
    let cur: GoMap;
    try {
      cur = loadValues(f.text, hv);
    } catch (e) {
      if (e instanceof GoError) throw new GoError(`failed to parse ${f.name}: ${e.message}`);
      throw e;
    }
    base = mergeMaps(base, cur);
  }
  for (const value of opts.setJson ?? []) {
    const trimmed = value.trim();
    if (hv !== '3' && trimmed.length > 0 && trimmed[0] === '{') {
      let m: GoValue;
      try {
        const r = decodeJsonPrefix(trimmed);
        if (trimmed.slice(r.end).trim() !== '') throw new StrvalsError('invalid character after top-level value');
        m = r.value;
      } catch (e) {
        strvalsMessage(e);
        throw new GoError(`failed parsing --set-json data JSON: ${value}`);
      }
      base = mergeMaps(base, m instanceof Map ? m : new Map());
      continue;
    }
    try {
      parseJson(value, base);
    } catch (e) {
      strvalsMessage(e);
      throw new GoError(`failed parsing --set-json data ${value}`);
    }
  }
  for (const value of opts.set ?? []) {
    try {
      parseInto(value, base);
    } catch (e) {
      throw new GoError(`failed parsing --set data: ${strvalsMessage(e)}`);
    }
  }
  for (const value of opts.setString ?? []) {
    try {
      parseIntoString(value, base);
    } catch (e) {
      throw new GoError(`failed parsing --set-string data: ${strvalsMessage(e)}`);
    }
  }
  for (const f of opts.setFile ?? []) {
    try {
      parseIntoFile(`${f.key}=file`, base, () => f.text);
    } catch (e) {
      throw new GoError(`failed parsing --set-file data: ${strvalsMessage(e)}`);
    }
  }
  for (const value of opts.setFileSpecs ?? []) {
    try {
      parseIntoFile(value, base, (p) => {
        const text = opts.readFile?.(p);
        if (text === undefined) throw new StrvalsError(`open ${p}: no such file or directory`);
        return text;
      });
    } catch (e) {
      throw new GoError(`failed parsing --set-file data: ${strvalsMessage(e)}`);
    }
  }
  for (const value of opts.setLiteral ?? []) {
    try {
      parseLiteralInto(value, base);
    } catch (e) {
      throw new GoError(`failed parsing --set-literal data: ${strvalsMessage(e)}`);
    }
  }
  return base;
}
