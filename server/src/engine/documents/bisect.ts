/**
 * The first index in `[0, length)` at which `reached` holds, for a predicate that is false up to some index and true
 * from there on (`length` when it never holds): the one binary search every sorted list of the engine uses.
 */
export function firstIndex(length: number, reached: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (reached(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
