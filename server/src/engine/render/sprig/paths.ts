/**
 * Sprig's path functions: base, dir, clean, ext, isAbs (Go's `path`) and osBase, osClean, osDir, osExt, osIsAbs
 * (`path/filepath`, which on Linux — where Helm runs these — is the same slash-separated logic).
 */
import { FuncTable } from '../goValue';

/** path.Clean (path/path.go): lexical shortest equivalent path. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p[0] === '/';
  const n = p.length;
  const out: string[] = [];
  let r = 0;
  let dotdot = 0; // index in `out` below which `..` cannot backtrack
  if (rooted) r = 1;
  while (r < n) {
    if (p[r] === '/') r++;
    else if (p[r] === '.' && (r + 1 === n || p[r + 1] === '/')) r++;
    else if (p[r] === '.' && p[r + 1] === '.' && (r + 2 === n || p[r + 2] === '/')) {
      r += 2;
      if (out.length > dotdot) out.pop();
      else if (!rooted) {
        out.push('..');
        dotdot = out.length;
      }
    } else {
      let e = r;
      while (e < n && p[e] !== '/') e++;
      out.push(p.slice(r, e));
      r = e;
    }
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** path.Base. */
export function basePath(p: string): string {
  if (p === '') return '.';
  while (p.length > 0 && p[p.length - 1] === '/') p = p.slice(0, -1);
  const i = p.lastIndexOf('/');
  if (i >= 0) p = p.slice(i + 1);
  return p === '' ? '/' : p;
}

/** path.Dir. */
export function dirPath(p: string): string {
  const i = p.lastIndexOf('/');
  return cleanPath(p.slice(0, i + 1));
}

/** path.Ext. */
export function extPath(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) {
    if (p[i] === '.') return p.slice(i);
  }
  return '';
}

const isAbs = (p: string): boolean => p.startsWith('/');

export const sprigPaths: FuncTable = {
  base: { params: ['string'], call: ([s]) => basePath(s as string) },
  dir: { params: ['string'], call: ([s]) => dirPath(s as string) },
  clean: { params: ['string'], call: ([s]) => cleanPath(s as string) },
  ext: { params: ['string'], call: ([s]) => extPath(s as string) },
  isAbs: { params: ['string'], call: ([s]) => isAbs(s as string) },
  osBase: { params: ['string'], call: ([s]) => basePath(s as string) },
  osClean: { params: ['string'], call: ([s]) => cleanPath(s as string) },
  osDir: { params: ['string'], call: ([s]) => dirPath(s as string) },
  osExt: { params: ['string'], call: ([s]) => extPath(s as string) },
  osIsAbs: { params: ['string'], call: ([s]) => isAbs(s as string) },
};
