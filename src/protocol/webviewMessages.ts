// Messages between the timeline (webview/) and whatever hosts it: the VS Code extension's
// webview panel or custom editor, or the standalone HTML report. One typed union each way
// (STYLE #1).
//
// The live path forwards text: the extension host does not parse a live session's events,
// it passes each process's NDJSON bytes on as they arrive (`liveText`), and the timeline reads them
// once, merging the processes of the session (src/protocol/sessionMerge.ts). A trace file is
// streamed the same way (`fileStart`, `fileText`…, `fileEnd`), so neither side ever holds a
// big trace as one string.
import type { SourceLocation, TraceEvent } from './traceEvents';
import type { TraceProblem } from './traceReader';
import type { Finding } from './findings/findingTypes';

/** Host → timeline. */
export type ToTimeline =
  /** Nothing to show yet: the empty state, with a hint on how to start (what the host knows). */
  | { type: 'idle'; hint: string }
  /** A whole trace, as the .isotrace text: the timeline reads it and reports bad lines. */
  | { type: 'open'; name: string; text: string }
  /** A trace file starts arriving (`size`: its bytes, for progress). */
  | { type: 'fileStart'; name: string; size: number }
  /** The next piece of the file's text (any cut: lines may span pieces). */
  | { type: 'fileText'; text: string }
  /** The file has all arrived. */
  | { type: 'fileEnd' }
  /** The file could not be read to its end (what was read stays shown). */
  | { type: 'fileError'; message: string }
  /** A live session starts: forget what is shown and wait for its processes' text. */
  | { type: 'liveStart'; name: string }
  /** NDJSON a process of the live session wrote (its header line first; whole lines): the
   * extension sends the bytes (VS Code hands an ArrayBuffer to the webview as it is, where a
   * string would be JSON-encoded on the way, every quote escaped), other hosts may send text. */
  | { type: 'liveText'; pid: number; text: Uint8Array | string }
  /** Events the host read itself (already checked by a reader), for hosts that parse. */
  | { type: 'events'; events: TraceEvent[] }
  /** Something the live reader found wrong; shown, and the session goes on. */
  | { type: 'problem'; problem: TraceProblem }
  /** The debugger stopped (`paused`) or let go (`resumed`) threads of process `pid`: the
   * isolates (thread ids) it names, or every thread of the process when `isolates` is
   * omitted. `at`: when, in µs on the machine's monotonic clock (the clock of a trace's
   * `origin`; the timeline places it at `at - origin`). */
  | { type: 'debugPause'; state: 'paused' | 'resumed'; pid: number; isolates?: number[]; at: number; reason?: string }
  /** The live session ended (the program exited, the debug session stopped, the socket closed). */
  | { type: 'liveEnd'; reason: string }
  /** Select the lane of isolate `isolate` of process `pid` and bring it into view (the
   * Isolates view's Show in Timeline), now or as soon as it is there. */
  | { type: 'revealLane'; pid: number; isolate: number };

/** Timeline → host. */
export type FromTimeline =
  /** The timeline is listening; the host may send (a new page, after a reload too).
   * `bootMs`: how long after the page's navigation began (its own clock); `workerWaitMs`: of
   * which the navigation waited for the webview's service worker (VS Code's, in a browser). */
  | { type: 'ready'; bootMs?: number; workerWaitMs?: number }
  /** The user followed a source link. */
  | { type: 'openLocation'; location: SourceLocation }
  /** How far the timeline is with a live session: the lines of live text it has read, and
   * the lanes it shows. Sent when a lane is added, else at most every 250 ms while text
   * comes, and once more when it stops (the host knows whether its view keeps up). */
  | { type: 'shown'; lines: number; lanes: number }
  /** The trace's findings as the timeline computed them (all of them, each time: they replace
   * the last ones), for the host's Problems. */
  | { type: 'findings'; findings: Finding[] };

/** Every type, as a record so that a type added to ToTimeline and not here fails to compile. */
const TO_TIMELINE: Record<ToTimeline['type'], true> = {
  idle: true, open: true, fileStart: true, fileText: true, fileEnd: true, fileError: true, liveStart: true,
  liveText: true, events: true, problem: true, debugPause: true, liveEnd: true, revealLane: true,
};
const TO_TIMELINE_TYPES = new Set(Object.keys(TO_TIMELINE));

/** True when `value` is a message for the timeline (anything else posted to the page is ignored). */
export function isToTimeline(value: unknown): value is ToTimeline {
  return typeof value === 'object' && value !== null && TO_TIMELINE_TYPES.has((value as { type: ToTimeline['type'] }).type);
}
