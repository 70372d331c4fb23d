// Message rows in the order of their send time (then of their row): a natural merge sort.
// Sends arrive in long runs already in time order (the collector takes each thread's records
// in turn), so merging the runs takes a pass per doubling of their length, and a trace that
// is one run costs one pass. A comparison sort of half a million rows took ~150 ms of an
// open's first draw.

/** `rows` sorted by `sendT[row]`, ties by row, as a new array. */
export function sortBySendTime(rows: ArrayLike<number>, sendT: Float64Array): Int32Array<ArrayBuffer> {
  const n = rows.length;
  let from: Int32Array<ArrayBuffer> = Int32Array.from(rows);
  // Where each ascending run starts.
  let runs: number[] = [0];
  for (let i = 1; i < n; i++) if (before(from[i]!, from[i - 1]!, sendT)) runs.push(i);
  if (runs.length === 1) return from;
  let to = new Int32Array(n);
  while (runs.length > 1) {
    const merged: number[] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const lo = runs[r]!;
      const mid = runs[r + 1] ?? n;
      const hi = runs[r + 2] ?? n;
      merge(from, to, lo, mid, hi, sendT);
      merged.push(lo);
    }
    [from, to] = [to, from];
    runs = merged;
  }
  return from;
}

/** True when row `a` goes before row `b`. */
function before(a: number, b: number, sendT: Float64Array): boolean {
  const ta = sendT[a]!;
  const tb = sendT[b]!;
  return ta < tb || (ta === tb && a < b);
}

/** Merges the sorted runs from[lo, mid) and from[mid, hi) into to[lo, hi). */
function merge(from: Int32Array, to: Int32Array, lo: number, mid: number, hi: number, sendT: Float64Array): void {
  let i = lo;
  let j = mid;
  let k = lo;
  while (i < mid && j < hi) to[k++] = before(from[j]!, from[i]!, sendT) ? from[j++]! : from[i++]!;
  while (i < mid) to[k++] = from[i++]!;
  while (j < hi) to[k++] = from[j++]!;
}
