// Small helpers the rules share: a bounded list of the messages that prove a finding, and
// a finding's common fields from an isolate record.
import type { IsolateRecord } from './traceRecords';
import { MAX_RELATED, type Finding, type MessageId } from './findingTypes';
import type { SendEvent } from '../traceEvents';

/** Up to MAX_RELATED messages, the `score`-highest kept (ties by channel and seq), so the
 * same messages are kept whatever order they come in. */
export class RelatedMessages {
  private readonly kept: { id: MessageId; score: number }[] = [];

  add(event: Pick<SendEvent, 'channel' | 'seq'>, score: number): void {
    const entry = { id: { channel: event.channel, seq: event.seq }, score };
    if (this.kept.length === MAX_RELATED && compare(entry, this.kept[this.kept.length - 1]!) >= 0) return;
    let at = this.kept.length;
    while (at > 0 && compare(entry, this.kept[at - 1]!) < 0) at--;
    this.kept.splice(at, 0, entry);
    if (this.kept.length > MAX_RELATED) this.kept.pop();
  }

  merge(other: RelatedMessages): void {
    for (const entry of other.kept) this.add(entry.id, entry.score);
  }

  /** The kept messages, in channel and seq order. */
  list(): MessageId[] {
    return this.kept.map((e) => e.id).sort((a, b) => a.channel - b.channel || a.seq - b.seq);
  }
}

function compare(a: { id: MessageId; score: number }, b: { id: MessageId; score: number }): number {
  return b.score - a.score || a.id.channel - b.id.channel || a.id.seq - b.id.seq;
}

/** The fields a finding about `isolate` starts with. */
export function about(isolate: IsolateRecord): Pick<Finding, 'isolate' | 'pid'> {
  return isolate.pid === undefined ? { isolate: isolate.id } : { isolate: isolate.id, pid: isolate.pid };
}

/** Milliseconds for people, from µs. */
export function ms(us: number): string {
  return `${us >= 10_000 ? Math.round(us / 1000) : Math.round(us / 100) / 10} ms`;
}

/** Bytes for people (1 MB = 2^20 bytes). */
export function mib(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** "1 message", "3 messages". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
