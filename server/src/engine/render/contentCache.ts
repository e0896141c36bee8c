/**
 * A bounded cache keyed by text content (the key is the string itself: equal text, equal result), so a warm
 * re-render of an unchanged chart does not parse the same YAML again. Bounded by entries and by the characters
 * of the keys held; the oldest entries go first. Only values that callers never change may be stored.
 */
export class ContentCache<V> {
  private readonly map = new Map<string, V>();
  private chars = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxChars: number,
  ) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    if (key.length > this.maxChars / 4) return;
    if (this.map.has(key)) return;
    while (this.map.size >= this.maxEntries || this.chars + key.length > this.maxChars) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.chars -= oldest.value.length;
      this.map.delete(oldest.value);
    }
    this.map.set(key, value);
    this.chars += key.length;
  }
}
