// undelivered-message (warning, names the sender): messages sent that were never received
// by the end of the trace: how many, to which port, sent from where, and why when the trace
// tells (the port was closed, its isolate ended). Grouped by sender and port. Sends to a
// process the trace does not hold are left out: their receives are in another trace.
import type { Rule, RuleFactory } from './rule';
import { about, count, ms, RelatedMessages } from './related';
import { isolateName, portKey, type IsolateRecord, type PortRecord } from './traceRecords';
import type { Finding } from './findingTypes';
import type { Micros } from '../time';
import type { SendEvent } from '../traceEvents';

interface Group {
  from: IsolateRecord;
  port: string | undefined;
  to: number | undefined;
  count: number;
  first: SendEvent;
  last: number;
  related: RelatedMessages;
}

export const undeliveredMessageRule: RuleFactory = (state): Rule => ({
  finish(out: Finding[]): void {
    const groups = new Map<IsolateRecord, Map<string, Group>>();
    for (const event of state.unpairedSends()) {
      const from = state.isolate(event.pid, event.isolate);
      if (event.toPid !== undefined && !state.isolates.has(event.toPid)) continue;
      const target = event.port !== undefined ? `port ${event.port}` : event.to !== undefined ? `isolate ${event.to}` : `channel ${event.channel}`;
      let bySender = groups.get(from);
      if (!bySender) groups.set(from, (bySender = new Map()));
      let group = bySender.get(target);
      if (!group) bySender.set(target, (group = { from, port: event.port, to: event.to, count: 0, first: event, last: event.t, related: new RelatedMessages() }));
      group.count++;
      if (event.t < group.first.t) group.first = event;
      if (event.t > group.last) group.last = event.t;
      group.related.add(event, -event.t);
    }
    for (const bySender of groups.values()) {
      for (const group of bySender.values()) out.push(finding(group, group.port === undefined ? undefined : state.ports.get(portKey(group.from.pid, group.port))));
    }
  },
});

function finding(group: Group, port: PortRecord | undefined): Finding {
  const first = group.first;
  const location = first.location;
  const to = group.port === undefined ? (group.to !== undefined ? `isolate ${group.to}` : 'a port') : port?.debugName ? `port "${port.debugName}" (${group.port})` : `port ${group.port}`;
  return {
    rule: 'undelivered-message', severity: 'warning', ...about(group.from), start: first.t, ...(group.last > first.t ? { end: group.last as Micros } : {}),
    message: `${count(group.count, 'message')} sent by ${isolateName(group.from)} to ${to} ${group.count === 1 ? 'was' : 'were'} never received${why(port)}${location ? ` (first sent at ${location.url}:${location.line}:${location.column})` : ''}`,
    ...(location ? { location } : {}),
    related: { messages: group.related.list(), ...(group.to !== undefined ? { isolates: [group.to] } : {}) },
  };
}

/** What the trace says of why. */
function why(port: PortRecord | undefined): string {
  if (port?.closedAt !== undefined) return `: the port was closed at ${ms(port.closedAt)}`;
  if (port?.owner.exit) return `: its isolate ended at ${ms(port.owner.exit.t)}`;
  return ': nobody received them before the trace ended';
}
