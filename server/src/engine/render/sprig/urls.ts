/**
 * Sprig's urlParse and urlJoin (url.go) over Go's net/url Parse and URL.String (net/url/url.go).
 */
import { FuncTable, GoPanic, GoValue, isGoMap, newMap } from '../goValue';
import { goQuote } from './semver';

const enum Mode {
  Path = 1,
  PathSegment,
  Host,
  Zone,
  UserPassword,
  QueryComponent,
  Fragment,
}

class UrlError extends Error {}

function isAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

// url.go shouldEscape
function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if (mode === Mode.Host || mode === Mode.Zone) {
    if ("!$&'()*+,;=:[]<>\"".includes(ch)) return false;
  }
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case Mode.Path:
        return ch === '?';
      case Mode.PathSegment:
        return ch === '/' || ch === ';' || ch === ',' || ch === '?';
      case Mode.UserPassword:
        return ch === '@' || ch === '/' || ch === '?' || ch === ':';
      case Mode.QueryComponent:
        return true;
      case Mode.Fragment:
        return false;
    }
  }
  if (mode === Mode.Fragment && '!()*'.includes(ch)) return false;
  return true;
}

const HEX = '0123456789ABCDEF';

function escape(s: string, mode: Mode): string {
  const b = Buffer.from(s, 'utf8');
  let out = '';
  let changed = false;
  for (const c of b) {
    if (shouldEscape(c, mode)) {
      changed = true;
      if (c === 0x20 && mode === Mode.QueryComponent) out += '+';
      else out += '%' + HEX[c >> 4] + HEX[c & 15];
    } else out += String.fromCharCode(c);
  }
  return changed ? out : s;
}

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

function unescape(s: string, mode: Mode): string {
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) {
        let r = s.slice(i);
        if (r.length > 3) r = r.slice(0, 3);
        throw new UrlError('invalid URL escape ' + goQuote(r));
      }
      if (mode === Mode.Host && parseInt(s[i + 1], 16) < 8 && s.slice(i, i + 3) !== '%25') {
        throw new UrlError('invalid URL escape ' + goQuote(s.slice(i, i + 3)));
      }
      i += 3;
    } else {
      if (mode === Mode.Host && s.charCodeAt(i) < 0x80 && shouldEscape(s.charCodeAt(i), mode)) {
        throw new UrlError('invalid character ' + goQuote(c) + ' in host name');
      }
      i++;
    }
  }
  if (!s.includes('%') && !(mode === Mode.QueryComponent && s.includes('+'))) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; ) {
    if (s[i] === '%') {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      for (const b of Buffer.from(s[i], 'utf8')) bytes.push(b);
      i++;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

interface GoUrl {
  scheme: string;
  opaque: string;
  user: { username: string; password?: string } | null;
  host: string;
  path: string;
  rawPath: string;
  omitHost: boolean;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === 0x3a) {
      if (i === 0) throw new UrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  if (port[0] !== ':') return false;
  return /^[0-9]*$/.test(port.slice(1));
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${goQuote(colonPort)} after host`);
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) {
      const h1 = unescape(host.slice(0, zone), Mode.Host);
      const h2 = unescape(host.slice(zone, i), Mode.Zone);
      const h3 = unescape(host.slice(i), Mode.Host);
      return h1 + h2 + h3;
    }
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${goQuote(colonPort)} after host`);
    }
  }
  return unescape(host, Mode.Host);
}

const USERINFO_OK = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

function parseAuthority(authority: string): [GoUrl['user'], string] {
  const i = authority.lastIndexOf('@');
  const host = parseHost(i < 0 ? authority : authority.slice(i + 1));
  if (i < 0) return [null, host];
  const userinfo = authority.slice(0, i);
  if (!USERINFO_OK.test(userinfo)) throw new UrlError('net/url: invalid userinfo');
  const c = userinfo.indexOf(':');
  if (c < 0) return [{ username: unescape(userinfo, Mode.UserPassword) }, host];
  return [{ username: unescape(userinfo.slice(0, c), Mode.UserPassword), password: unescape(userinfo.slice(c + 1), Mode.UserPassword) }, host];
}

/** url.Parse. */
export function parseUrl(rawURL: string): GoUrl {
  const hash = rawURL.indexOf('#');
  const u = hash < 0 ? rawURL : rawURL.slice(0, hash);
  const frag = hash < 0 ? '' : rawURL.slice(hash + 1);
  let url: GoUrl;
  try {
    url = parse(u);
  } catch (e) {
    if (e instanceof UrlError) throw new UrlError(`parse ${goQuote(u)}: ${e.message}`);
    throw e;
  }
  if (frag !== '') {
    try {
      url.fragment = unescape(frag, Mode.Fragment);
    } catch (e) {
      if (e instanceof UrlError) throw new UrlError(`parse ${goQuote(rawURL)}: ${e.message}`);
      throw e;
    }
  }
  return url;
}

function parse(raw: string): GoUrl {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError('net/url: invalid control character in URL');
  const url: GoUrl = { scheme: '', opaque: '', user: null, host: '', path: '', rawPath: '', omitHost: false, forceQuery: false, rawQuery: '', fragment: '' };
  if (raw === '*') {
    url.path = '*';
    return url;
  }
  let [scheme, rest] = getScheme(raw);
  url.scheme = scheme.toLowerCase();
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return url;
    }
    const slash = rest.indexOf('/');
    const segment = slash < 0 ? rest : rest.slice(0, slash);
    if (segment.includes(':')) throw new UrlError('first path segment in URL cannot contain colon');
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const i = authority.indexOf('/');
    if (i >= 0) {
      rest = authority.slice(i);
      authority = authority.slice(0, i);
    }
    [url.user, url.host] = parseAuthority(authority);
  } else if (url.scheme !== '' && rest.startsWith('/')) url.omitHost = true;
  url.path = unescape(rest, Mode.Path);
  url.rawPath = escape(url.path, Mode.Path) === rest ? '' : rest;
  return url;
}

function userString(u: NonNullable<GoUrl['user']>): string {
  let s = escape(u.username, Mode.UserPassword);
  if (u.password !== undefined) s += ':' + escape(u.password, Mode.UserPassword);
  return s;
}

function hostname(host: string): string {
  // URL.Hostname: splitHostPort, brackets removed
  let h = host;
  const colon = h.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

/** URL.String. */
export function urlString(u: GoUrl): string {
  let buf = '';
  if (u.scheme !== '') buf += u.scheme + ':';
  if (u.opaque !== '') buf += u.opaque;
  else {
    if (u.scheme !== '' || u.host !== '' || u.user !== null) {
      if (!(u.omitHost && u.host === '' && u.user === null)) {
        if (u.host !== '' || u.path !== '' || u.user !== null) buf += '//';
        if (u.user) buf += userString(u.user) + '@';
        if (u.host !== '') buf += escape(u.host, Mode.Host);
      }
    }
    const path = u.path === '*' ? '*' : escape(u.path, Mode.Path);
    if (path !== '' && path[0] !== '/' && u.host !== '') buf += '/';
    if (buf.length === 0) {
      const slash = path.indexOf('/');
      const segment = slash < 0 ? path : path.slice(0, slash);
      if (segment.includes(':')) buf += './';
    }
    buf += path;
  }
  if (u.forceQuery || u.rawQuery !== '') buf += '?' + u.rawQuery;
  if (u.fragment !== '') buf += '#' + escape(u.fragment, Mode.Fragment);
  return buf;
}

function urlParse(v: string): GoValue {
  let u: GoUrl;
  try {
    u = parseUrl(v);
  } catch (e) {
    if (e instanceof UrlError) throw new GoPanic(`unable to parse url: ${e.message}`);
    throw e;
  }
  return newMap([
    ['scheme', u.scheme],
    ['host', u.host],
    ['hostname', hostname(u.host)],
    ['path', u.path],
    ['query', u.rawQuery],
    ['opaque', u.opaque],
    ['fragment', u.fragment],
    ['userinfo', u.user ? userString(u.user) : ''],
  ]);
}

const KIND_NAMES: Record<string, string> = { boolean: 'bool', number: 'float64', bigint: 'int' };

// url.go dictGetOrEmpty
function dictGet(d: GoValue, key: string): string {
  if (!isGoMap(d) || !d.has(key)) return '';
  const v = d.get(key) as GoValue;
  if (typeof v !== 'string') {
    let kind: string;
    if (v === null) kind = 'invalid';
    else if (Array.isArray(v)) kind = 'slice';
    else if (v instanceof Map) kind = 'map';
    else kind = KIND_NAMES[typeof v] ?? 'struct';
    throw new GoPanic(`unable to parse ${key} key, must be of type string, but ${kind} found`);
  }
  return v;
}

function urlJoin(d: GoValue): string {
  const u: GoUrl = {
    scheme: dictGet(d, 'scheme'),
    host: dictGet(d, 'host'),
    path: dictGet(d, 'path'),
    rawQuery: dictGet(d, 'query'),
    opaque: dictGet(d, 'opaque'),
    fragment: dictGet(d, 'fragment'),
    user: null,
    rawPath: '',
    omitHost: false,
    forceQuery: false,
  };
  const userinfo = dictGet(d, 'userinfo');
  if (userinfo !== '') {
    try {
      u.user = parseUrl(`proto://${userinfo}@host`).user;
    } catch (e) {
      if (e instanceof UrlError) throw new GoPanic(`unable to parse userinfo in dict: ${e.message}`);
      throw e;
    }
  }
  return urlString(u);
}

export const sprigUrls: FuncTable = {
  urlParse: { params: ['string'], call: ([s]) => urlParse(s as string) },
  urlJoin: { params: ['map'], call: ([d]) => urlJoin(d) },
};
