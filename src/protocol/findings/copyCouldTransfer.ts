// copy-could-transfer (info, names the sender): a message of at least copyMinBytes (1 MB)
// copied whose bulk (copyMinBufferShare, 90%) was ArrayBuffers or typed arrays, which a
// transfer list or TransferableTypedData would have moved without a copy. The tracer records
// each copied message's buffer bytes (`bufferBytes`), so a big string is not one. Grouped by
// sender and where it sent from (its send location, else the port). While the trace streams,
// a group is decided at its first send; its count and span grow with the others.
import type { Rule, RuleFactory } from './rule';
import { about, mib, RelatedMessages } from './related';
import { isolateName, type IsolateRecord } from './traceRecords';
import type { Finding } from './findingTypes';
import type { SendEvent, TraceEvent } from '../traceEvents';
import type { Micros } from '../time';

interface Group {
  from: IsolateRecord;
  first: SendEvent;
  last: number;
  count: number;
  bytes: number;
  bufferBytes: number;
  related: RelatedMessages;
}

export const copyCouldTransferRule: RuleFactory = (_state, options): Rule => {
  const groups = new Map<IsolateRecord, Map<string, Group>>();
  /** The groups' findings as current() last made them; undefined: a group changed since. */
  let decided: Finding[] | undefined = [];
  return {
    types: ['send'],
    event(event: TraceEvent, from: IsolateRecord): void {
      if (event.type !== 'send' || event.bufferBytes === undefined) return;
      const copied = event.bytes - event.transferred;
      if (copied < options.copyMinBytes || event.bufferBytes < options.copyMinBufferShare * copied) return;
      const where = event.location ? `${event.location.url}:${event.location.line}:${event.location.column}` : `port ${event.port ?? event.channel}`;
      let bySender = groups.get(from);
      if (!bySender) groups.set(from, (bySender = new Map()));
      let group = bySender.get(where);
      if (!group) bySender.set(where, (group = { from, first: event, last: event.t, count: 0, bytes: 0, bufferBytes: 0, related: new RelatedMessages() }));
      group.count++;
      group.bytes += copied;
      group.bufferBytes += event.bufferBytes;
      if (event.t < group.first.t) group.first = event;
      if (event.t > group.last) group.last = event.t;
      group.related.add(event, event.bufferBytes);
      decided = undefined;
    },
    current(out: Finding[]): void {
      if (!decided) this.finish((decided = []));
      for (const found of decided) out.push(found);
    },
    finish(out: Finding[]): void {
      for (const bySender of groups.values()) for (const g of bySender.values()) out.push(groupFinding(g));
    },
  };
};

function groupFinding(g: Group): Finding {
  const share = Math.round((100 * g.bufferBytes) / g.bytes);
  const location = g.first.location;
  return {
    rule: 'copy-could-transfer', severity: 'info', ...about(g.from), start: g.first.t, ...(g.last > g.first.t ? { end: g.last as Micros } : {}),
    message: `${isolateName(g.from)} copied ${g.count === 1 ? `a message of ${mib(g.bytes)}` : `${g.count} messages of ${mib(g.bytes / g.count)} on average`}, ${share}% ArrayBuffers or typed arrays: put them in the transfer list (or send a TransferableTypedData) to move them without a copy`,
    ...(location ? { location } : {}),
    related: { messages: g.related.list() },
  };
}
