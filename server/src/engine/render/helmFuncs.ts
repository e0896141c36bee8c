/**
 * Helm's own template functions, layered over Sprig: YAML/JSON/TOML conversion, `required`, `fail`, `lookup`
 * (always an empty map without a cluster), `getHostByName` (DNS off: ""). `include` and `tpl` close over the
 * template set being rendered and live in helmEngine.ts.
 *
 * Mirrors helm `pkg/engine/funcs.go` and the closures of `pkg/engine/engine.go` (initFunMap): v3.17.2 lacks
 * `mustToYaml`/`mustToJson`, v4.2.3 adds `mustToToml`.
 */
import { GoError, GoPanic, isGoMap, newMap, type FuncTable, type GoFunction, type GoMap, type GoValue } from './goValue';
import type { HelmKey } from './capabilities';
import { outputCharged } from './budget';
import { fromYaml, fromYamlArray } from './yaml/goYaml';
import { mustToYaml, toYaml, toYamlPretty } from './yaml/marshalYaml';
import { fromJson, fromJsonArray, marshalJson } from './yaml/json';
import { encodeToml, toToml } from './yaml/toml';
import { decodeToml, type TomlDatetime } from './yaml/tomlDecode';
import { timeValue } from './sprig/dates';
import { fixedZone, goDate, localLocation, lookupZone, UTC, type GoLocation } from './sprig/goTime';

/** A TOML datetime as BurntSushi/toml decodes it: a time.Time (local kinds in its fixed "datetime-local" etc. zones). */
function tomlTime(d: TomlDatetime): GoValue {
  let loc: GoLocation;
  if (d.kind !== 'offset') loc = fixedZone(d.kind, 0);
  else if (d.zulu) loc = UTC;
  else {
    // time.ParseInLocation(RFC 3339, …, time.Local): the local zone when its offset matches, else an unnamed zone
    const local = localLocation();
    const guess = goDate(d.year, d.month, d.day, d.hour, d.min, d.sec, d.nsec, UTC).unix - d.offsetSec;
    loc = lookupZone(local, guess).offset === d.offsetSec ? local : d.offsetSec === 0 ? UTC : fixedZone('', d.offsetSec);
  }
  const t = goDate(d.year, d.month, d.day, d.hour, d.min, d.sec, d.nsec, d.kind === 'offset' ? fixedZone('', d.offsetSec) : loc);
  return timeValue(d.kind === 'offset' ? t.in(loc) : t);
}

/** funcs.go: fromTOML — toml.Unmarshal into a map; an error leaves the map empty with the message in m["Error"]. */
function fromToml(s: string, helm: HelmKey): GoValue {
  return decodeToml(s, tomlTime, helm === '3');
}

/** engine.go: warnWrap — `required` and `fail` mark their message so the engine can print it plainly. */
export const WARN_START = 'HELM_ERR_START';
export const WARN_END = 'HELM_ERR_END';

function errMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The functions of funcs.go plus the engine's `required`, `fail`, `lookup` and `getHostByName`. */
export function helmFuncTable(helm: HelmKey): FuncTable {
  const t: Record<string, GoFunction> = {
    // funcs.go: toTOML — an encoder error is returned as the text
    toToml: {
      params: ['any'],
      call: ([v]) => {
        return toToml(v, helm);
      },
    },
    // funcs.go: fromTOML — errors land in m["Error"]
    fromToml: {
      params: ['string'],
      call: ([s]) => {
        try {
          const v = fromToml(s as string, helm);
          return isGoMap(v) ? v : newMap();
        } catch (e) {
          return newMap([['Error', errMessage(e)]]);
        }
      },
    },
    toYaml: { params: ['any'], call: ([v]) => toYaml(v) },
    // funcs.go: toYAMLPretty encodes with yaml.v3 (indent 2)
    toYamlPretty: { params: ['any'], call: ([v]) => toYamlPretty(v) },
    // funcs.go: fromYAML (errors land in m["Error"]) and fromYAMLArray (the error becomes the only element)
    fromYaml: { params: ['string'], call: ([s]) => fromYaml(s as string) },
    fromYamlArray: { params: ['string'], call: ([s]) => fromYamlArray(s as string) },
    toJson: {
      params: ['any'],
      call: ([v]) => {
        try {
          return marshalJson(v);
        } catch {
          return '';
        }
      },
    },
    // funcs.go: fromJSON — the map decoded so far, the error under "Error"; JSON null leaves a nil map (empty)
    fromJson: { params: ['string'], call: ([s]) => fromJson(s as string) ?? newMap() },
    // funcs.go: fromJSONArray — the error as the only element; JSON null leaves a nil slice (empty)
    fromJsonArray: { params: ['string'], call: ([s]) => fromJsonArray(s as string) ?? [] },
    // engine.go: initFunMap — required fails on nil and on the empty string
    required: {
      params: ['string', 'any'],
      call: ([warn, val]) => {
        if (val === null || val === '') throw new GoError(WARN_START + (warn as string) + WARN_END);
        return val;
      },
    },
    fail: {
      params: ['string'],
      call: ([msg]) => {
        throw new GoError(WARN_START + (msg as string) + WARN_END);
      },
    },
    // funcs.go: the placeholder lookup (no cluster with `helm template`)
    lookup: { params: ['string', 'string', 'string', 'string'], call: (): GoMap => newMap() },
    // engine.go: DNS lookups are off unless --enable-dns
    getHostByName: { params: ['string'], call: () => '' },
  };
  if (helm !== '3') {
    // funcs.go (v4): the must* variants panic on a marshal error
    t.mustToYaml = {
      params: ['any'],
      call: ([v]) => {
        try {
          return mustToYaml(v);
        } catch (e) {
          throw new GoPanic(errMessage(e));
        }
      },
    };
    t.mustToJson = {
      params: ['any'],
      call: ([v]) => {
        try {
          return marshalJson(v);
        } catch (e) {
          throw new GoPanic(errMessage(e));
        }
      },
    };
  }
  if (helm === '4.2') {
    t.mustToToml = {
      params: ['any'],
      call: ([v]) => {
        try {
          return encodeToml(v, helm);
        } catch (e) {
          throw new GoPanic(errMessage(e));
        }
      },
    };
  }
  // the marshallers' work is proportional to what they write: charged by its length (budget.ts outputCharged)
  for (const name of ['toToml', 'toYaml', 'toYamlPretty', 'toJson', 'mustToYaml', 'mustToJson', 'mustToToml']) if (t[name]) t[name] = outputCharged(t[name]);
  return t;
}
