/** Edit distance (insert, delete, substitute, swap of neighbours), bounded for speed. */
export function editDistance(a: string, b: string, max = 8): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push(new Array<number>(b.length + 1).fill(0));
    rows[i][0] = i;
  }
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2][j - 2] + 1);
      rows[i][j] = v;
    }
  }
  return rows[a.length][b.length];
}

/** The candidates closest to `word` (at most `limit`), nearest first; only those within a sensible distance. */
export function didYouMean(word: string, candidates: readonly string[], limit = 2): string[] {
  const w = word.toLowerCase();
  const bound = Math.max(2, Math.floor(w.length / 3));
  return candidates
    .map((c) => {
      const squashed = (s: string) => s.replace(/[-_\s.]/g, '');
      let d = editDistance(w, c, bound + 1);
      if (squashed(w) === squashed(c)) d = Math.min(d, 1);
      return { c, d };
    })
    .filter((x) => x.d <= bound)
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1))
    .slice(0, limit)
    .map((x) => x.c);
}
