// Growing typed-array columns: the timeline model's (message table, bundle sums), the
// summary's latencies (messagePairs.ts) and the findings tables' per-channel counts.

/** A copy of `array` in a new array of its kind with room for `size` items; the new room holds `fill`. */
export function resized<T extends Int32Array | Float64Array>(array: T, size: number, fill = 0): T {
  const grown = new (array.constructor as new (n: number) => T)(size);
  grown.set(array);
  if (fill !== 0) grown.fill(fill, array.length);
  return grown;
}
