// Control requests on the live trace socket, the reader's way back to the traced program
// (DESIGN.md's data flow): kill, pause or resume one isolate. The reader (the VS Code
// extension) writes them as frames (liveFrames.ts) on the socket the program connected to;
// each carries the session's token, which the program checks before it acts, so only the
// reader it was started for can control it. Programs accept control only when the extension
// started them (ISOSCOPE_CONTROL=1 beside the socket's variables).

export type ControlAction = 'kill' | 'pause' | 'resume';

/** Who asked, in the events a control request leaves in the trace (`by` of kill, paused, resumed). */
export const EDITOR = 'editor';

export interface LiveControlRequest {
  type: 'control';
  token: string;
  /** Numbers the reader's requests, for its own bookkeeping and the program's messages. */
  id: number;
  action: ControlAction;
  /** The isolate (its id in the trace: the worker's threadId). */
  isolate: number;
  /** For kill: `immediate` stops it even mid-computation; `beforeNextEvent` (the default) after its current event. */
  priority?: 'immediate' | 'beforeNextEvent';
}

/** The request as the program acts on it, once its token is checked. */
export type ControlOrder = Omit<LiveControlRequest, 'type' | 'token'>;

const ACTIONS: readonly string[] = ['kill', 'pause', 'resume'];

export function encodeControlRequest(request: LiveControlRequest): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(request));
}

/** The order a frame carries, or why it is refused. `sameToken` compares the frame's token
 * with the session's (in constant time, where the caller has the means). */
export function readControlRequest(frame: Uint8Array, sameToken: (token: string) => boolean): { order: ControlOrder } | { refused: string } {
  let value: Partial<LiveControlRequest>;
  try {
    value = JSON.parse(new TextDecoder().decode(frame)) as Partial<LiveControlRequest>;
  } catch {
    return { refused: 'a frame that is not JSON' };
  }
  if (value?.type !== 'control') return { refused: 'a frame that is not a control request' };
  if (typeof value.token !== 'string' || !sameToken(value.token)) return { refused: 'a control request without the session token' };
  const { id, action, isolate, priority } = value;
  if (typeof id !== 'number' || typeof action !== 'string' || !ACTIONS.includes(action) || typeof isolate !== 'number' || !Number.isInteger(isolate) || isolate < 0) {
    return { refused: `a malformed control request (${JSON.stringify({ id, action, isolate })})` };
  }
  if (priority !== undefined && priority !== 'immediate' && priority !== 'beforeNextEvent') return { refused: `a kill with an unknown priority (${String(priority)})` };
  return { order: { id, action: action as ControlAction, isolate, ...(priority ? { priority } : {}) } };
}
