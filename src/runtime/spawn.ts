// Isolate.spawn and Isolate.spawnUri: start a worker thread that runs an entry.
import { Worker } from 'node:worker_threads';
import { tracer } from './tracing/core';
import type { SpawnDetails } from './tracing/coreApi';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Capability } from './capability';
import { ChildIsolate } from './childIsolate';
import { BOOT_MARK, type BootData, type EntrySpec } from './controlMessages';
import { Isolate } from './isolate';
import { adoptChild, forgetChild, managerPort } from './isolateManager';
import { callerLocation, type SourceLocation } from './callerLocation';
import { shipFunction } from './entrySource';
import { postEncoded } from './wire';
import type { SendPort } from './sendPort';

const { beginChild, markInternal, quietly } = tracer;

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

/** Starts a worker thread running this runtime's bundle as an isolate of the given role. */
export function startIsolateWorker(
  boot: Omit<BootData, 'mark' | 'controlPort' | 'pauseCapability' | 'terminateCapability' | 'controlSignal'>,
  threadName: string,
  spawn: SpawnDetails | undefined,
): ChildIsolate {
  const pauseCapability = new Capability();
  const terminateCapability = new Capability();
  const controlSignal = new Int32Array(new SharedArrayBuffer(4));
  const data: BootData = { mark: BOOT_MARK, controlPort: managerPort(), pauseCapability, terminateCapability, controlSignal, ...boot };
  let worker: Worker | undefined;
  const traced = beginChild();
  try {
    // The boot data travels like a message (it may hold SendPorts): encoded, then handed over.
    postEncoded(data, (workerData, transferList) => {
      worker = markInternal(quietly(() => new Worker(__filename, { workerData, transferList: transferList, name: threadName })));
    });
  } finally {
    traced?.endConstruction();
  }
  const child = adoptChild(new ChildIsolate(worker!, boot.debugName, pauseCapability, terminateCapability, controlSignal, forgetChild, traced));
  // A spare for Isolate.run is announced when it is given its computation.
  if (spawn) child.announce(spawn);
  return child;
}

async function spawnEntry(entry: EntrySpec, message: unknown, options: SpawnOptions, defaultName: string, location: SourceLocation | undefined): Promise<Isolate> {
  const debugName = options.debugName ?? defaultName;
  const child = startIsolateWorker(
    { role: 'isolate', debugName, errorsAreFatal: options.errorsAreFatal ?? true, startPaused: options.paused ?? false, entry, message },
    debugName,
    { kind: entry.kind, debugName, entry: entry.kind === 'function' ? entry.name : entry.url, ...(location ? { location } : {}) },
  );
  if (options.onExit) child.exitListeners.set(options.onExit.key, { port: options.onExit, response: null });
  if (options.onError) child.errorListeners.set(options.onError.key, options.onError);
  await child.whenReady();
  return new Isolate(child.id, debugName, managerPort(), child.pauseCapability, child.terminateCapability);
}

export async function spawnFunction(entry: unknown, message: unknown, options: SpawnOptions): Promise<Isolate> {
  const location = callerLocation();
  const spec = shipFunction(entry, 'The entry of Isolate.spawn', location);
  return spawnEntry(spec, message, options, spec.name === 'anonymous' ? 'isolate' : spec.name, location);
}

export async function spawnModule(moduleUrl: string | URL, args: string[], message: unknown, options: SpawnOptions): Promise<Isolate> {
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
