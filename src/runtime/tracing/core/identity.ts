// Which isolate this thread is. A thread is one isolate for its whole life, except a thread
// that Isolate.run reuses: each computation on it is an isolate of its own, with its own id
// and its own ring (see becomeIsolate), so the trace shows one lane per computation. Ids of
// such computations come from a counter every thread of the process shares (as channel ids
// do, see channelIds.ts), above any worker's threadId.
import { threadId } from 'node:worker_threads';
import { sharedCounter } from './channelIds';

/** Ids of computations on a reused thread start above this. */
export const REUSED_ISOLATE_IDS = 1_000_000;

let current = threadId;

/** The isolate this thread is now: its threadId, or the computation a reused thread runs. */
export function isolateId(): number {
  return current;
}

export function setIsolateId(id: number): void {
  current = id;
}

const counter = sharedCounter('isoscope:isolate-ids');

/** An isolate id no thread and no other computation of this process has. */
export function newIsolateId(): number {
  return REUSED_ISOLATE_IDS + Atomics.add(counter, 0, 1) + 1;
}
