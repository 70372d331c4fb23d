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

/** Every ratio row alternates its two sides for at least this many rounds (issue 14). */
export const MIN_ROUNDS = 9;

/** Runs `ours` and `peer` alternately `rounds` (≥ MIN_ROUNDS) times, ours first in even
 * rounds and the peer first in odd ones (neither side is always the one that runs first, or
 * right after the other); returns the medians of what they return, and the ratio of each
 * round (ours / peer of the same round): its median and its spread (lowest and highest).
 * Pass the result to ratioRow(). */
export async function alternate(rounds, ours, peer) {
  if (rounds < MIN_ROUNDS) throw new Error(`bench: ${rounds} alternated rounds; every ratio row needs at least ${MIN_ROUNDS}`);
  const a = [];
  const b = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      a.push(await ours(i));
      b.push(await peer(i));
    } else {
      b.push(await peer(i));
      a.push(await ours(i));
    }
  }
  return { ...pairedRounds(a, b), oursAll: a, peerAll: b };
}

/** alternate()'s figures from the two sides' values of the same rounds (for rounds that
 * measure several things at once: pick each one's values and pass them here). */
export function pairedRounds(ours, peer) {
  if (ours.length < MIN_ROUNDS) throw new Error(`bench: ${ours.length} alternated rounds; every ratio row needs at least ${MIN_ROUNDS}`);
  const ratios = ours.map((value, i) => value / peer[i]);
  return { ours: median(ours), peer: median(peer), ratio: median(ratios), spread: [Math.min(...ratios), Math.max(...ratios)], rounds: ours.length };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/** One result row. `better` says which direction the target is: 'higher' or 'lower'. A row
 * against a fixed budget (not a peer measured in the same run) has no spread. */
export function row(name, unit, ours, peer, target, better, note = '') {
  const ratio = ours / peer;
  return { name, unit, ours, peer, ratio, target: `${better === 'higher' ? '≥' : '≤'} ${target}x`, met: meets(ratio, target, better), note };
}

/** A row from alternate()'s result: the ratio is the median of the rounds' ratios, with their
 * spread; the note says when the spread reaches across the target (a single run could land
 * either side of it). */
export function ratioRow(name, unit, result, target, better, note = '') {
  const [low, high] = result.spread;
  const straddles = low <= target && high >= target;
  const spreadNote = `${result.rounds} alternated rounds, ratio spread ${low.toFixed(3)}–${high.toFixed(3)}x${straddles ? ' (wider than the margin to the target)' : ''}`;
  return {
    name, unit, ours: result.ours, peer: result.peer, ratio: result.ratio, spread: result.spread,
    target: `${better === 'higher' ? '≥' : '≤'} ${target}x`, met: meets(result.ratio, target, better),
    note: note ? `${note}; ${spreadNote}` : spreadNote,
  };
}

function meets(ratio, target, better) {
  return better === 'higher' ? ratio >= target : ratio <= target;
}
