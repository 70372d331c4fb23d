// The summary as a one-screen table for people.
import type { IsolateSummary, TraceSummary } from '../protocol/traceSummary';
import { processTitle } from '../protocol/processTitle';
import { formatBytes } from '../protocol/byteSize';

const ms = (us: number | null): string => (us === null ? '-' : (us / 1000).toFixed(1));

/** The summary as a table: one row per isolate, under a heading per process when the trace
 * holds several; totals and latency below. */
export function formatSummary(summary: TraceSummary): string {
  const header = ['id', 'name', 'parent', 'spawned ms', 'exited ms', 'how', 'sent', 'recv', 'bytes out', 'bytes in', 'peak heap', 'busy %'];
  const cells = (r: IsolateSummary): string[] => [
    String(r.id), r.debugName.length > 24 ? `${r.debugName.slice(0, 23)}…` : r.debugName, r.parentId === null ? '-' : String(r.parentId),
    ms(r.spawnedAt), ms(r.exitedAt), r.exitReason === 'killed' && r.killedIdle ? 'killed idle' : r.exitReason, String(r.messagesSent), String(r.messagesReceived),
    formatBytes(r.bytesSent), formatBytes(r.bytesReceived), formatBytes(r.peakHeapBytes), r.busyPercent.toFixed(1),
  ];
  const t = summary.totals;
  const total = ['', `total (${t.isolates})`, '', '', ms(t.durationUs), '', String(t.messagesSent), String(t.messagesReceived), formatBytes(t.bytesSent), '', formatBytes(t.peakHeapBytes), ''];
  const all = [header, ...summary.isolates.map(cells), total];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (row: string[]): string => row.map((c, i) => (i === 1 || i === 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const rule = line(widths.map((w) => '-'.repeat(w)));
  const out = [line(header), rule];
  const grouped = summary.processes.length > 1;
  for (const process of summary.processes) {
    const rows = summary.isolates.filter((r) => r.pid === process.pid);
    if (grouped) out.push(`${processTitle(process)}:`);
    for (const r of rows) out.push(line(cells(r)));
  }
  out.push(rule, line(total));
  if (grouped) out.push(`${summary.processes.length} processes`);
  if (t.latencyP50Us !== null) out.push(`queue latency: p50 ${ms(t.latencyP50Us)} ms, p99 ${ms(t.latencyP99Us)} ms, max ${ms(t.latencyMaxUs)} ms over ${t.messagesReceived} received messages`);
  if (t.bytesTransferred > 0) out.push(`moved without copying: ${formatBytes(t.bytesTransferred)}`);
  if (t.droppedEvents > 0) out.push(`warning: ${t.droppedEvents} events were dropped (still waiting for room in a full ring when their thread or the trace ended, or over 32 MiB of them; or a live reader fell behind); the trace has gaps`);
  return out.join('\n');
}
