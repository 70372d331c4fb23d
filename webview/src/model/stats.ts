// The stats view's figures: the same summary `isoscope summary` prints (one function for
// both, so they agree), and a histogram of message queue latency.
import { summarize, type TraceSummary } from '../../../src/protocol/traceSummary';
import type { TraceModel } from './traceModel';

export interface LatencyBin {
  /** Lower and upper edge, µs. */
  from: number;
  to: number;
  count: number;
}

/** The per-isolate and total figures of `model`, as `isoscope summary` computes them. */
export function traceStats(model: TraceModel): TraceSummary {
  return summarize(model.events, model.header);
}

/** Queue latencies of received messages in log-spaced bins (1 µs, 2, 5, 10, 20, 50 …). */
export function latencyHistogram(model: TraceModel): LatencyBin[] {
  const { count, sendT, recvT } = model.messages;
  const edges = [0];
  for (let decade = 1; decade <= 1e8; decade *= 10) edges.push(decade, 2 * decade, 5 * decade);
  const counts = new Array<number>(edges.length).fill(0);
  let highest = -1;
  for (let row = 0; row < count; row++) {
    const latency = recvT[row]! - sendT[row]!;
    if (!(latency >= 0)) continue; // NaN: not received or never sent
    let bin = 0;
    while (bin + 1 < edges.length && latency >= edges[bin + 1]!) bin++;
    counts[bin]!++;
    if (bin > highest) highest = bin;
  }
  let lowest = counts.findIndex((c) => c > 0);
  if (lowest < 0) return [];
  lowest = Math.max(0, lowest);
  const bins: LatencyBin[] = [];
  for (let i = lowest; i <= highest; i++) bins.push({ from: edges[i]!, to: edges[i + 1] ?? Infinity, count: counts[i]! });
  return bins;
}
