// Stats: one row per isolate (the figures of `isoscope summary`) and a histogram of message
// queue latency.
import { select, scaleBand, scaleLinear, axisBottom, axisLeft } from 'd3';
import type { TraceModel } from '../model/traceModel';
import { latencyHistogram, traceStats } from '../model/stats';
import { formatBytes, formatCount, formatMicros } from '../format';
import { clear, el } from './dom';

/** Renders the per-isolate table and the latency histogram of `model` into `container`. */
export function renderStats(container: HTMLElement, model: TraceModel): void {
  clear(container);
  const summary = traceStats(model);
  const table = el('table', { class: 'stats-table' });
  const head = el('tr', {});
  for (const title of ['isolate', 'id', 'messages out', 'messages in', 'bytes out', 'bytes in', 'peak heap', 'busy %', 'lifetime', 'ended']) head.append(el('th', { scope: 'col' }, title));
  table.append(el('thead', {}, head));
  const body = el('tbody', {});
  for (const row of summary.isolates) {
    const lifetime = (row.exitedAt ?? summary.totals.durationUs) - row.spawnedAt;
    body.append(
      el('tr', { 'data-isolate': String(row.id) },
        el('td', {}, row.debugName),
        el('td', { class: 'num' }, String(row.id)),
        el('td', { class: 'num' }, formatCount(row.messagesSent)),
        el('td', { class: 'num' }, formatCount(row.messagesReceived)),
        el('td', { class: 'num' }, formatBytes(row.bytesSent)),
        el('td', { class: 'num' }, formatBytes(row.bytesReceived)),
        el('td', { class: 'num' }, formatBytes(row.peakHeapBytes)),
        el('td', { class: 'num' }, row.busyPercent.toFixed(1)),
        el('td', { class: 'num' }, formatMicros(lifetime)),
        el('td', {}, row.exitReason),
      ),
    );
  }
  table.append(body);
  const t = summary.totals;
  const latency = t.latencyP50Us === null ? 'no message was received' : `queue latency p50 ${formatMicros(t.latencyP50Us)}, p99 ${formatMicros(t.latencyP99Us!)}, max ${formatMicros(t.latencyMaxUs!)}`;
  container.append(
    el('h2', {}, 'Isolates'),
    table,
    el('p', { class: 'muted' }, `${formatCount(t.messagesSent)} messages sent, ${formatBytes(t.bytesSent)} copied, ${formatBytes(t.bytesTransferred)} transferred; ${latency}${t.droppedEvents ? `; ${formatCount(t.droppedEvents)} events were dropped` : ''}.`),
    el('h2', {}, 'Message queue latency'),
  );
  const bins = latencyHistogram(model);
  if (bins.length === 0) {
    container.append(el('p', { class: 'muted' }, 'No message was received.'));
    return;
  }
  const width = 520;
  const height = 160;
  const margin = { top: 8, right: 8, bottom: 34, left: 48 };
  const svg = select(container).append('svg').attr('class', 'histogram').attr('width', width).attr('height', height).attr('role', 'img').attr('aria-label', 'Histogram of message queue latency');
  const x = scaleBand<string>().domain(bins.map((b) => `≥${formatMicros(b.from)}`)).range([margin.left, width - margin.right]).padding(0.1);
  const y = scaleLinear().domain([0, Math.max(...bins.map((b) => b.count))]).nice().range([height - margin.bottom, margin.top]);
  svg.append('g').selectAll('rect').data(bins).join('rect')
    .attr('x', (b) => x(`≥${formatMicros(b.from)}`)!)
    .attr('width', x.bandwidth())
    .attr('y', (b) => y(b.count))
    .attr('height', (b) => y(0) - y(b.count))
    .attr('class', 'bar')
    .append('title').text((b) => `${formatCount(b.count)} messages waited ${formatMicros(b.from)} to ${Number.isFinite(b.to) ? formatMicros(b.to) : 'more'}`);
  svg.append('g').attr('transform', `translate(0,${height - margin.bottom})`).call(axisBottom(x)).selectAll('text').attr('transform', 'rotate(-30)').attr('text-anchor', 'end');
  svg.append('g').attr('transform', `translate(${margin.left},0)`).call(axisLeft(y).ticks(4));
}
