// Traffic the preload's worker_threads wrappers must leave alone: the isoscope runtime's
// own ports and workers (it records richer events for them) and the tracer's own channels.
import { CHANNEL_STATE, INTERNAL } from '../marks';

let quiet = 0;

/** Marks a runtime-owned port, channel or worker, whose traffic the preload must not record.
 * An internal port has no counts, so a port with counts is known not to be internal without
 * looking further. */
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

export function isQuiet(): boolean {
  return quiet > 0;
}

let preload = '';

/** True the first time a preload asks in this thread: its wrappers go in once, whichever
 * copy of isoscope's preload asks first (the others find them in place). */
export function claimPreload(registerPath: string): boolean {
  if (preload !== '') return false;
  preload = registerPath;
  return true;
}

/** The preload that claimed this thread, forced into workers that set their own execArgv. */
export function preloadPath(): string {
  return preload;
}
