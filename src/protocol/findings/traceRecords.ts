// The records the findings' shared state keeps (traceState.ts) and the rules read: what is
// known of one isolate and of one port, the listeners for paired messages and silences, and
// how an isolate and a port are named.
import type { ExitEvent, IsolateId, SendEvent, SourceLocation, SpawnKind } from '../traceEvents';

/** What is known of one isolate. Times are the trace's µs. */
export interface IsolateRecord {
  id: IsolateId;
  /** Its process when the events name one (a trace of several). */
  pid: number | undefined;
  debugName: string | undefined;
  parent: IsolateId | undefined;
  kind: SpawnKind | undefined;
  entry: string | undefined;
  location: SourceLocation | undefined;
  spawnAt: number | undefined;
  runningAt: number | undefined;
  exit: ExitEvent | undefined;
  /** Its own events (those its thread records: running, heap, send, receive, ports). */
  firstOwnAt: number | undefined;
  lastOwnAt: number | undefined;
  /** Its last own event that surely came in its thread's order: any but a heap sample of a
   * thread that has a parent, who samples it while it cannot (childThreads.ts) and records
   * that sample in its own ring, which may reach the trace before the isolate's earlier events. */
  lastInOrderAt: number | undefined;
  firstReceiveAt: number | undefined;
  lastReceiveAt: number | undefined;
  lastSendAt: number | undefined;
  /** Its last send (by time), to ask whether it was received. */
  lastSend: SendEvent | undefined;
}

export interface PortRecord {
  owner: IsolateRecord;
  debugName: string | undefined;
  closedAt: number | undefined;
}

/** A message paired: its channel (as channelOf numbers it), its send, when it was sent and
 * received (read them here: one of the two events is cold in memory by now), and the
 * isolate that received it. */
export type PairListener = (channel: number, send: SendEvent, sentAt: number, receivedAt: number, at: IsolateRecord) => void;

/** An isolate recorded nothing of its own from `from` to `to`, and what ended it is not a heap sample. */
export type SilenceListener = (isolate: IsolateRecord, from: number, to: number) => void;


/** The name people know an isolate by: "name (isolate 3)", or "main". */
export function isolateName(isolate: IsolateRecord): string {
  if (isolate.id === 0) return isolate.pid === undefined ? 'main' : `main of pid ${isolate.pid}`;
  const name = isolate.debugName ?? `isolate ${isolate.id}`;
  const where = isolate.pid === undefined ? '' : ` of pid ${isolate.pid}`;
  return name === `isolate ${isolate.id}` ? `${name}${where}` : `${name} (isolate ${isolate.id}${where})`;
}

export function portKey(pid: number | undefined, port: string): string {
  return pid === undefined ? port : `${pid}/${port}`;
}
