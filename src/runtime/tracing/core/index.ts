// The tracer core, the one internal entry for per-thread tracing state: built alone into
// dist/tracing.cjs, and every other bundle (the runtime, the preload, the tools) imports it
// from there, never a module of this folder (esbuild.mjs checks it). A thread has one core
// even when it loads several copies of isoscope (the extension's preload beside the
// program's own package, another version, say): the first copy registers its core on
// globalThis, and a later copy with the same TRACER_ABI uses that one instead of its own. A
// copy whose ABI differs cannot share it: it says so once and stays untraced, so the trace
// never gets a second recorder, collector or file.
//
// Loading the registered core in a worker that its parent traced starts recording that
// worker (never in a thread Node started for itself, see nodeThreads.ts).
import { getEnvironmentData, isMainThread, setEnvironmentData } from 'node:worker_threads';
import { TRACER_ABI, type ThreadTraceConfig, type TracerCore } from '../coreApi';
import { attachThread, detachThread, record, recordReceiveRecord, recordSendRecord, threadConfig, tracingOn } from './recorder';
import { sampleHeap, startHeapSampler, stopHeapSampler } from './heapSampler';
import { rawNow, traceNow } from './clock';
import { newChannelId } from './channelIds';
import { beginChild, beginReuse, currentCollector, ENV_KEY, setCollector } from './childThreads';
import { isolateId, newIsolateId } from './identity';
import { becomeIsolate, leaveIsolate, startRecording } from './reuse';
import { claimPreload, enterQuiet, isInternal, isQuiet, leaveQuiet, markInternal, preloadPath, quietly } from './internal';
import { beginSend, recordChannelSend, recordReceive, recordSend } from './messageEvents';
import { isNodeInternalThread } from '../nodeThreads';

declare const ISOSCOPE_VERSION: string;

/** Where the registered core lives, in every thread. */
const REGISTRY = Symbol.for('isoscope.tracer');

/** What a copy finds under REGISTRY. Its shape never changes (only `core`'s, with the ABI),
 * so any version can read another's `abi`, `version` and `from`. */
interface Registration {
  abi: number;
  version: string;
  from: string;
  core: TracerCore;
}

const own: TracerCore = {
  abi: TRACER_ABI,
  version: ISOSCOPE_VERSION,
  from: __filename,
  canRecord: true,
  tracingOn, threadConfig, record, recordSendRecord, recordReceiveRecord, rawNow, traceNow, newChannelId,
  beginSend, recordSend, recordChannelSend, recordReceive,
  beginChild, beginReuse, isolateId, newIsolateId, becomeIsolate, leaveIsolate, markInternal, isInternal, quietly, enterQuiet, leaveQuiet, isQuiet, claimPreload, preloadPath,
  attachThread, detachThread, setCollector, collector: currentCollector, sampleHeap, startHeapSampler, stopHeapSampler,
};

/** The core of a copy that cannot join the registered one: never on, so it records nothing;
 * marks and quiet sections still work, as they are read by symbol or are this copy's own. */
function untraced(): TracerCore {
  return {
    ...own,
    canRecord: false,
    tracingOn: () => false,
    threadConfig: () => undefined,
    beginSend: () => undefined,
    beginChild: () => undefined,
    beginReuse: () => undefined,
    claimPreload: () => false,
    attachThread: () => undefined,
    setCollector: () => undefined,
    collector: () => undefined,
  };
}

function register(): TracerCore {
  const global = globalThis as unknown as Record<symbol, Registration | undefined>;
  const found = global[REGISTRY];
  if (found === undefined) {
    global[REGISTRY] = { abi: TRACER_ABI, version: ISOSCOPE_VERSION, from: __filename, core: own };
    boot();
    return own;
  }
  if (found.abi === TRACER_ABI) return found.core;
  // Said once, by the main thread (every worker finds the same two copies).
  if (isMainThread) process.stderr.write(`isoscope: ${incompatible(found)}\n`);
  return untraced();
}

/** Why this copy records nothing. */
function incompatible(found: Registration): string {
  return `two copies of isoscope cannot share one trace: ${found.version} (${found.from}, tracer ${found.abi}) traces this process, and ${ISOSCOPE_VERSION} (${__filename}, tracer ${TRACER_ABI}) records nothing; trace with one version of isoscope (its preload and the package the program imports)`;
}

/** A worker started by a traced parent records from its first line. */
function boot(): void {
  if (isMainThread || isNodeInternalThread()) return;
  const config = getEnvironmentData(ENV_KEY) as ThreadTraceConfig | undefined;
  if (!(config?.ring instanceof SharedArrayBuffer)) return;
  // Node copies a thread's environment data into every thread it starts: a thread this one
  // starts untraced (or Node's own hooks thread) must not find this ring and write into it.
  setEnvironmentData(ENV_KEY, undefined);
  startRecording(config);
}

/** This thread's tracer core. Bind the functions you call often to local names once:
 * `const { tracingOn, record } = tracer;`. */
export const tracer: TracerCore = register();
