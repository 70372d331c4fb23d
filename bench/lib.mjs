// Shared helpers for the benchmarks: every figure is a ratio against a peer measured in the
// same run, alternating rounds so that noise from this shared machine hits both sides.
import os from 'node:os';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `ours` and `peer` alternately `rounds` times; returns the medians of what they return. */
export async function alternate(rounds, ours, peer) {
  const a = [];
  const b = [];
  for (let i = 0; i < rounds; i++) {
    a.push(await ours(i));
    b.push(await peer(i));
  }
  return { ours: median(a), peer: median(b), oursAll: a, peerAll: b };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/** One result row. `better` says which direction the target is: 'higher' or 'lower'. */
export function row(name, unit, ours, peer, target, better, note = '') {
  const ratio = ours / peer;
  const met = better === 'higher' ? ratio >= target : ratio <= target;
  return { name, unit, ours, peer, ratio, target: `${better === 'higher' ? '≥' : '≤'} ${target}x`, met, note };
}
