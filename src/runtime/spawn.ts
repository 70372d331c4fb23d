// Isolate.spawn and Isolate.spawnUri: start an isolate that runs an entry, and wait until it
// has loaded it. What they return is the parent's record of the isolate; isolate.ts makes
// the Isolate handle from it (this module must not import isolate.ts, which imports it).
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChildIsolate } from './childIsolate';
import type { EntrySpec, SpawnOrder } from './controlMessages';
import { startIsolateWorker } from './startWorker';
import { giveBack, keepSpare, markUsed, takeFreshSpare } from './spareThreads';
import { tracer } from './tracing/core';
import type { SpawnDetails } from './tracing/coreApi';
import { callerLocation, type SourceLocation } from './callerLocation';
import { shipFunction } from './entrySource';
import type { SendPort } from './sendPort';

const { traceNow, tracingOn } = tracer;

export interface SpawnOptions {
  /** A name for the isolate, shown in traces, the timeline and the debugger's thread list. */
  debugName?: string;
  /** Start paused: the entry runs once `isolate.resume(isolate.pauseCapability)` is called. */
  paused?: boolean;
  /** Whether an uncaught error ends the isolate (default true). */
  errorsAreFatal?: boolean;
  /** Receives null when the isolate exits. */
  onExit?: SendPort;
  /** Receives [message, stack] for each uncaught error. */
  onError?: SendPort;
}

async function spawnEntry(entry: EntrySpec, message: unknown, options: SpawnOptions, defaultName: string, location: SourceLocation | undefined): Promise<ChildIsolate> {
  const debugName = options.debugName ?? defaultName;
  const order: SpawnOrder = { debugName, errorsAreFatal: options.errorsAreFatal ?? true, startPaused: options.paused ?? false, entry, message };
  const details: SpawnDetails = { kind: entry.kind, debugName, entry: entry.kind === 'function' ? entry.name : entry.url, ...(location ? { location } : {}) };
  // (Under a debugger no spare waits: each isolate starts its own thread, see spareThreads.ts.)
  const child = onSpare(order, details) ?? startIsolateWorker({ role: 'isolate', ...order }, debugName, details);
  // The next spawn (or Isolate.run) finds a thread started.
  keepSpare(true);
  if (options.onExit) child.exitListeners.set(options.onExit.key, { port: options.onExit, response: null });
  if (options.onError) child.errorListeners.set(options.onError.key, options.onError);
  await child.whenReady();
  return child;
}

/** Starts the isolate on a spare that waits, started and never used, if there is one: it
 * loads the entry as a new thread would, without the wait for a thread to start. Throws
 * IsolateMessageError when the message cannot be copied; the spare waits on. */
function onSpare(order: SpawnOrder, details: SpawnDetails): ChildIsolate | undefined {
  const spare = takeFreshSpare();
  if (!spare) return undefined;
  // The spawn is dated before the post: the thread may start recording before it is announced.
  const t = tracingOn() ? traceNow() : undefined;
  try {
    spare.post({ type: 'spawn', order });
  } catch (error) {
    giveBack(spare);
    throw error;
  }
  markUsed(spare);
  spare.expectEntry(order.debugName);
  spare.announce(details, t);
  spare.worker.ref();
  return spare;
}

/** Isolate.spawn: starts an isolate running `entry(message)`; resolves once it has loaded. */
export async function spawnFunction(entry: unknown, message: unknown, options: SpawnOptions): Promise<ChildIsolate> {
  const location = callerLocation();
  const spec = shipFunction(entry, 'The entry of Isolate.spawn', location);
  return spawnEntry(spec, message, options, spec.name === 'anonymous' ? 'isolate' : spec.name, location);
}

/** Isolate.spawnUri: starts an isolate running the module's main(args, message); resolves once it has loaded. */
export async function spawnModule(moduleUrl: string | URL, args: string[], message: unknown, options: SpawnOptions): Promise<ChildIsolate> {
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) throw new TypeError('Isolate.spawnUri: args must be an array of strings.');
  const location = callerLocation();
  const url = resolveModuleUrl(moduleUrl, location?.url);
  const name = url.slice(url.lastIndexOf('/') + 1).replace(/\.[cm]?[jt]s$/, '') || 'isolate';
  return spawnEntry({ kind: 'module', url, args: [...args] }, message, options, name, location);
}

function resolveModuleUrl(moduleUrl: string | URL, callerUrl: string | undefined): string {
  if (moduleUrl instanceof URL) return moduleUrl.href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(moduleUrl) && !/^[a-z]:[\\/]/i.test(moduleUrl)) return moduleUrl;
  if (isAbsolute(moduleUrl)) return pathToFileURL(moduleUrl).href;
  return new URL(moduleUrl, callerUrl ?? pathToFileURL(`${process.cwd()}/`).href).href;
}
