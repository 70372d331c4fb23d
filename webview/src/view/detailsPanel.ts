// The details panel: every field of the selected lane, event or message, its source location
// as a link, and related events (a message's send and receive; an isolate's parent).
import { processTitle } from '../../../src/protocol/processTitle';
import type { SourceLocation, TraceEvent } from '../../../src/protocol/traceEvents';
import type { Lane, TraceModel } from '../model/traceModel';
import type { MessageBundle } from '../model/messageBundles';
import type { Selection } from '../model/selection';
import { formatBytes, formatMicros } from '../format';
import { clear, el } from './dom';
import { locationText } from './findingText';

export interface DetailsHost {
  model: TraceModel;
  select(selection: Selection): void;
  /** Set where a location can be opened (VS Code); in a report, locations are plain file:line text. */
  openLocation: ((location: SourceLocation) => void) | undefined;
}

/** Shows the details of `selection` in `panel`, or hides the panel when nothing is selected. */
export function renderDetails(panel: HTMLElement, selection: Selection | undefined, host: DetailsHost): void {
  clear(panel);
  if (!selection) {
    panel.hidden = true;
    return;
  }
  panel.hidden = false;
  const close = el('button', { class: 'close', 'aria-label': 'Close details', title: 'Close (Esc)' }, '×');
  close.addEventListener('click', () => {
    panel.hidden = true;
    panel.dispatchEvent(new CustomEvent('closed', { bubbles: true }));
  });
  panel.append(close);
  if (selection.kind === 'lane') laneDetails(panel, selection.lane, host);
  else if (selection.kind === 'message') messageDetails(panel, selection.row, host);
  else bundleDetails(panel, selection.bundle, host);
}

function laneDetails(panel: HTMLElement, lane: Lane, host: DetailsHost): void {
  panel.append(el('h2', {}, `${lane.debugName} `, el('span', { class: 'muted' }, `#${lane.id}`)));
  const fields: [string, Node | string][] = [
    ['kind', lane.kind],
    ['spawned', lane.spawn ? formatMicros(lane.start) : 'not spawned in this trace (there from the start)'],
    ['ended', lane.exit ? `${formatMicros(lane.exit.t)} (${describeExit(lane)})` : 'still running at the end of the trace'],
    ['messages', `${lane.sent} sent (${formatBytes(lane.bytesSent)}), ${lane.received} received (${formatBytes(lane.bytesReceived)})`],
    ['peak heap', formatBytes(lane.peakHeap)],
  ];
  if (host.model.processes.list.length > 1) fields.unshift(['process', processTitle(lane.process)]);
  if (lane.parent !== null) {
    const parent = host.model.laneById(lane.parent, lane.process);
    if (parent) fields.splice(1, 0, ['parent', linkTo(`${parent.debugName} #${parent.id}`, () => host.select({ kind: 'lane', lane: parent }))]);
  }
  if (lane.spawn?.entry) fields.push(['entry', el('code', {}, lane.spawn.entry)]);
  if (lane.spawn?.location) fields.push(['spawned at', locationLink(lane.spawn.location, host)]);
  if (lane.kill) fields.push(['killed', `by ${lane.kill.by === 'editor' ? 'the editor' : `#${lane.kill.by}`}, ${lane.kill.priority}, at ${formatMicros(lane.kill.t)}${lane.kill.idle ? ', while it waited for work' : ''}`]);
  if (lane.pauses.length > 0) fields.push(['paused', lane.pauses.map((p) => `${formatMicros(p.from)}–${p.to === undefined ? '…' : formatMicros(p.to)}`).join(', ')]);
  if (lane.ports.size > 0) fields.push(['ports', [...lane.ports.values()].map((p) => (p.debugName ? `${p.debugName} (${p.port})` : p.port)).join(', ')]);
  panel.append(fieldList(fields));
  const error = lane.exit?.error;
  if (error) panel.append(el('h3', {}, 'Error'), el('pre', { class: 'error' }, error.stack ?? error.message));
  const children = host.model.lanes.filter((l) => l.parent === lane.id && l !== lane);
  if (children.length > 0) {
    const list = el('ul', { class: 'related' });
    for (const child of children) list.append(el('li', {}, linkTo(`${child.debugName} #${child.id}`, () => host.select({ kind: 'lane', lane: child }))));
    panel.append(el('h3', {}, 'Spawned'), list);
  }
}

function describeExit(lane: Lane): string {
  const exit = lane.exit!;
  switch (exit.reason) {
    case 'returned':
      return 'returned';
    case 'exited':
      return `exited${exit.code !== undefined ? ` with code ${exit.code}` : ''}`;
    case 'killed':
      return lane.kill?.idle ? 'killed as it waited for work: a pool shutting down' : 'killed';
    case 'error':
      return `crashed: ${exit.error?.message ?? 'uncaught error'}`;
  }
}

function messageDetails(panel: HTMLElement, row: number, host: DetailsHost): void {
  const table = host.model.messages;
  const send = table.sends[row];
  const receive = table.receives[row];
  const from = table.from[row]! >= 0 ? host.model.lanes[table.from[row]!] : undefined;
  const to = table.to[row]! >= 0 ? host.model.lanes[table.to[row]!] : undefined;
  panel.append(el('h2', {}, 'Message ', el('span', { class: 'muted' }, (send ?? receive) ? `channel ${(send ?? receive)!.channel}, #${(send ?? receive)!.seq}` : '')));
  const fields: [string, Node | string][] = [];
  if (from) fields.push(['from', linkTo(`${from.debugName} #${from.id}`, () => host.select({ kind: 'lane', lane: from }))]);
  if (to) fields.push(['to', linkTo(`${to.debugName} #${to.id}`, () => host.select({ kind: 'lane', lane: to }))]);
  if (send) {
    fields.push(['size', `${formatBytes(send.bytes)}${send.transferred > 0 ? `, ${formatBytes(send.transferred)} transferred (moved, not copied)` : ''}`]);
    if (send.port) fields.push(['port', portName(host.model, send.port)]);
  }
  if (send && receive) fields.push(['queue latency', formatMicros(receive.t - send.t)]);
  if (send?.location) fields.push(['sent at', locationLink(send.location, host)]);
  panel.append(fieldList(fields));
  panel.append(el('h3', {}, 'Events'));
  for (const event of [send, receive]) if (event) panel.append(eventFields(event));
  if (!receive) panel.append(el('p', { class: 'muted' }, 'Not received (yet): the receiver may have closed the port, exited, or the trace ended first.'));
}

function bundleDetails(panel: HTMLElement, bundle: MessageBundle, host: DetailsHost): void {
  const from = host.model.lanes[bundle.fromLane]!;
  const to = host.model.lanes[bundle.toLane]!;
  panel.append(el('h2', {}, `${bundle.count} messages`));
  panel.append(
    fieldList([
      ['from', linkTo(`${from.debugName} #${from.id}`, () => host.select({ kind: 'lane', lane: from }))],
      ['to', linkTo(`${to.debugName} #${to.id}`, () => host.select({ kind: 'lane', lane: to }))],
      ['around', formatMicros(bundle.sendT)],
      ['total size', formatBytes(bundle.bytes)],
      ['transferred', `${bundle.transfers} of ${bundle.count}`],
      ['longest latency', formatMicros(bundle.maxLatency)],
    ]),
    el('p', { class: 'muted' }, 'Zoom in to see them one by one.'),
  );
}

function portName(model: TraceModel, port: string): string {
  for (const lane of model.lanes) {
    const open = lane.ports.get(port);
    if (open?.debugName) return `${open.debugName} (${port})`;
  }
  return port;
}

function eventFields(event: TraceEvent): HTMLElement {
  const fields: [string, Node | string][] = [];
  for (const [key, value] of Object.entries(event)) fields.push([key, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
  return fieldList(fields, 'event');
}

function fieldList(fields: [string, Node | string][], className = 'fields'): HTMLElement {
  const list = el('dl', { class: className });
  for (const [name, value] of fields) list.append(el('dt', {}, name), el('dd', {}, value));
  return list;
}

function linkTo(text: string, onClick: () => void): HTMLElement {
  const link = el('a', { href: '#', class: 'link' }, text);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    onClick();
  });
  return link;
}

/** file:line — a link that asks the host to open it (the extension opens the editor), or just the text. */
function locationLink(location: SourceLocation, host: DetailsHost): HTMLElement {
  const text = locationText(location);
  const open = host.openLocation;
  return open ? linkTo(text, () => open(location)) : el('code', { class: 'location' }, text);
}
