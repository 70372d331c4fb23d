// Traffic the preload's worker_threads wrappers must leave alone: the isoscope runtime's
// own ports and workers (it records richer events for them) and the tracer's own channels.

export const INTERNAL = Symbol.for('isoscope.internal');
/** Where the preload keeps a numbered port's counts; an internal port has none, so a port
 * with counts is known not to be internal without looking further. */
export const CHANNEL_STATE = Symbol.for('isoscope.channel');
let quiet = 0;

/** Marks a runtime-owned port, channel or worker, whose traffic the preload must not record. */
export function markInternal<T extends object>(object: T): T {
  // Deleted while it is still the newest property, which V8 undoes without leaving the
  // object slow.
  if (CHANNEL_STATE in object) delete (object as Record<symbol, unknown>)[CHANNEL_STATE];
  (object as Record<symbol, unknown>)[INTERNAL] = true;
  return object;
}

export function isInternal(object: unknown): boolean {
  return (object as Record<symbol, unknown> | null)?.[INTERNAL] === true;
}

/** Runs `work` with the preload's wrappers off: what it creates or posts stays untraced by them. */
export function quietly<T>(work: () => T): T {
  quiet++;
  try {
    return work();
  } finally {
    quiet--;
  }
}

/** quietly() for a constructor's super() call, which cannot go inside a closure. */
export function enterQuiet(): void {
  quiet++;
}
export function leaveQuiet(): void {
  quiet--;
}

/** Node's own control port of a Worker (parent side) or of process.stdout in a worker: its
 * internal protocol (script loading, stdio, errors) must never be wrapped. */
export function markNodeInternalPort(owner: object): void {
  const port = nodePort(owner, 'kPort');
  if (port) markInternal(port);
}

/** A port Node keeps under a private symbol of `owner` (a Worker's kPort or kPublicPort). */
export function nodePort(owner: object, name: 'kPort' | 'kPublicPort'): object | undefined {
  const key = Object.getOwnPropertySymbols(owner).find((s) => s.description === name);
  const port = key && (owner as Record<symbol, unknown>)[key];
  return typeof port === 'object' && port !== null ? port : undefined;
}

export function isQuiet(): boolean {
  return quiet > 0;
}
