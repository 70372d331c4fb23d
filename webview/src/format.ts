// Numbers for people: times in µs/ms/s, sizes in B/KB/MB.

/** A duration or time given in microseconds. */
export function formatMicros(us: number): string {
  const abs = Math.abs(us);
  if (abs < 1000) return `${round(us)} µs`;
  if (abs < 1e6) return `${round(us / 1000)} ms`;
  return `${round(us / 1e6)} s`;
}

/** A size in bytes, in B, KB, MB or GB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${round(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${round(bytes / 1024 / 1024)} MB`;
  return `${round(bytes / 1024 ** 3)} GB`;
}

/** A count with thousands separators (1,234,567). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function round(value: number): string {
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
}
