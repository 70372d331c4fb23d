// Messages between the timeline (webview/) and whatever hosts it: the VS Code extension's
// webview panel, or the standalone HTML report. One typed union each way (STYLE #1).
import type { SourceLocation, TraceEvent } from './traceEvents';
import type { TraceProblem } from './traceReader';

/** Host → timeline. */
export type ToTimeline =
  /** A whole trace, as the .isotrace text: the timeline reads it and reports bad lines. */
  | { type: 'open'; name: string; text: string }
  /** A live session starts: forget what is shown and wait for events. */
  | { type: 'liveStart'; name: string }
  /** Events the live session read since the last batch (already checked by the reader). */
  | { type: 'events'; events: TraceEvent[] }
  /** Something the live reader found wrong; shown, and the session goes on. */
  | { type: 'problem'; problem: TraceProblem }
  /** The live session ended (the program exited, the debug session stopped, the socket closed). */
  | { type: 'liveEnd'; reason: string };

/** Timeline → host. */
export type FromTimeline =
  /** The timeline is listening; the host may send. */
  | { type: 'ready' }
  /** The user followed a source link. */
  | { type: 'openLocation'; location: SourceLocation };

const TO_TIMELINE_TYPES = new Set<ToTimeline['type']>(['open', 'liveStart', 'events', 'problem', 'liveEnd']);

/** True when `value` is a message for the timeline (anything else posted to the page is ignored). */
export function isToTimeline(value: unknown): value is ToTimeline {
  return typeof value === 'object' && value !== null && TO_TIMELINE_TYPES.has((value as { type: ToTimeline['type'] }).type);
}
