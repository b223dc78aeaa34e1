/** Index of the first element of sorted `list` not below the probe (`below(x)` true for the elements before it). */
export function lowerBound<T>(list: readonly T[], below: (item: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (below(list[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Insert `item` into `list`, kept sorted by `compare`. */
export function insertSorted<T>(list: T[], item: T, compare: (a: T, b: T) => number): void {
  list.splice(
    lowerBound(list, (x) => compare(x, item) < 0),
    0,
    item,
  );
}

/** Remove the element of sorted `list` that `compare` finds equal to `item`, if there is one. */
export function removeSorted<T>(list: T[], item: T, compare: (a: T, b: T) => number): void {
  const at = lowerBound(list, (x) => compare(x, item) < 0);
  if (list[at] !== undefined && compare(list[at]!, item) === 0) list.splice(at, 1);
}
