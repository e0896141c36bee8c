/**
 * The two DOM primitives the page is built from.
 *
 * `el` creates elements whose text is always set with `textContent`: chart-provided strings (hook names, kinds,
 * file paths, reasons) can contain markup, and must show literally. There is deliberately no way to pass HTML.
 *
 * `morph` brings an existing tree in line with a freshly rendered one, reusing nodes (by `data-key` where given),
 * so an update neither flickers nor loses scroll position, focus or selection.
 */

export type Child = Node | string | null | undefined | false;

export interface Attrs {
  [name: string]: string | number | boolean | null | undefined;
}

/** Creates `<tag>` with attributes (`false`/`null`/`undefined` omit one, `true` sets it empty) and children. */
export function el(doc: Document, tag: string, attrs: Attrs | null, ...children: Child[]): HTMLElement {
  const node = doc.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value === null || value === undefined) continue;
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  const doc = parent.ownerDocument ?? (parent as Document);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? doc.createTextNode(child) : child);
  }
}

/**
 * Text whose `backticked` parts (file names, flags, annotation values in the engine's messages) become <code>
 * elements instead of showing literal backticks. Still text nodes only: nothing is parsed as HTML.
 */
export function withCode(doc: Document, text: string): Child[] {
  if (text.indexOf('`') < 0) return [text];
  const parts = text.split('`');
  // An odd backtick count leaves the last one as written.
  if (parts.length % 2 === 0) return [text];
  return parts.map((part, i) => (i % 2 === 1 ? el(doc, 'code', null, part) : part)).filter((c) => c !== '');
}

/** A codicon glyph, hidden from assistive technology (its meaning is always also given as text). */
export function icon(doc: Document, name: string, extraClass = ''): HTMLElement {
  return el(doc, 'span', { class: `codicon codicon-${name}${extraClass ? ' ' + extraClass : ''}`, 'aria-hidden': 'true' });
}

function keyOf(node: Node): string | undefined {
  return node.nodeType === 1 ? ((node as Element).getAttribute('data-key') ?? undefined) : undefined;
}

function sameKind(a: Node, b: Node): boolean {
  if (a.nodeType !== b.nodeType) return false;
  return a.nodeType !== 1 || (a as Element).tagName === (b as Element).tagName;
}

function morphAttributes(from: Element, to: Element): void {
  for (const attr of Array.from(from.attributes)) {
    if (!to.hasAttribute(attr.name)) from.removeAttribute(attr.name);
  }
  for (const attr of Array.from(to.attributes)) {
    if (from.getAttribute(attr.name) !== attr.value) from.setAttribute(attr.name, attr.value);
  }
}

/**
 * Makes `from` look like `to` (same tag expected), consuming `to`'s new nodes. Keyed children are matched by key,
 * unkeyed ones by position and tag. Nodes only move when the order really changed, so the focused row stays focused.
 */
export function morph(from: Element, to: Element): void {
  morphAttributes(from, to);
  morphChildren(from, to);
}

export function morphChildren(from: Element, to: Element): void {
  const keyed = new Map<string, Node>();
  for (const child of Array.from(from.childNodes)) {
    const key = keyOf(child);
    if (key !== undefined) keyed.set(key, child);
  }
  let cursor: Node | null = from.firstChild;
  for (const next of Array.from(to.childNodes)) {
    const key = keyOf(next);
    let match: Node | undefined;
    if (key !== undefined) {
      const candidate = keyed.get(key);
      if (candidate && sameKind(candidate, next)) {
        match = candidate;
        keyed.delete(key);
      }
    } else if (cursor && keyOf(cursor) === undefined && sameKind(cursor, next)) {
      match = cursor;
    }
    if (!match) {
      from.insertBefore(next, cursor);
      continue;
    }
    if (match === cursor) cursor = cursor.nextSibling;
    else from.insertBefore(match, cursor);
    if (match.nodeType === 1) morph(match as Element, next as Element);
    else if (match.nodeValue !== next.nodeValue) match.nodeValue = next.nodeValue;
  }
  while (cursor) {
    const stale: Node = cursor;
    cursor = cursor.nextSibling;
    from.removeChild(stale);
  }
}
