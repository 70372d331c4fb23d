// The summary as a one-screen table for people.
import type { TraceSummary } from '../protocol/traceSummary';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const ms = (us: number | null): string => (us === null ? '-' : (us / 1000).toFixed(1));

export function formatSummary(summary: TraceSummary): string {
  const header = ['id', 'name', 'parent', 'spawned ms', 'exited ms', 'how', 'sent', 'recv', 'bytes out', 'bytes in', 'peak heap', 'busy %'];
  const rows = summary.isolates.map((r) => [
    String(r.id), r.debugName.length > 24 ? `${r.debugName.slice(0, 23)}…` : r.debugName, r.parentId === null ? '-' : String(r.parentId),
    ms(r.spawnedAt), ms(r.exitedAt), r.exitReason, String(r.messagesSent), String(r.messagesReceived),
    formatBytes(r.bytesSent), formatBytes(r.bytesReceived), formatBytes(r.peakHeapBytes), r.busyPercent.toFixed(1),
  ]);
  const t = summary.totals;
  rows.push(['', `total (${t.isolates})`, '', '', ms(t.durationUs), '', String(t.messagesSent), String(t.messagesReceived), formatBytes(t.bytesSent), '', formatBytes(t.peakHeapBytes), '']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 1 || i === 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(0, -1).map(line), line(widths.map((w) => '-'.repeat(w))), line(rows[rows.length - 1]!)];
  if (t.latencyP50Us !== null) out.push(`queue latency: p50 ${ms(t.latencyP50Us)} ms, p99 ${ms(t.latencyP99Us)} ms, max ${ms(t.latencyMaxUs)} ms over ${t.messagesReceived} received messages`);
  if (t.bytesTransferred > 0) out.push(`moved without copying: ${formatBytes(t.bytesTransferred)}`);
  if (t.droppedEvents > 0) out.push(`warning: ${t.droppedEvents} events were dropped (a buffer was full); the trace has gaps`);
  return out.join('\n');
}
