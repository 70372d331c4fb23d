// Starts the worker thread of a new isolate and adopts it as a child of this thread. It
// knows nothing of the Isolate class: Isolate.spawn, Isolate.run and IsolatePool each make
// what they hand out from the ChildIsolate record it returns, so none of them imports
// another to start a thread.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { tracer } from './tracing/core';
import type { SpawnDetails } from './tracing/coreApi';
import { Capability } from './capability';
import { ChildIsolate } from './childIsolate';
import { BOOT_MARK, type BootData } from './controlMessages';
import { adoptChild, forgetChild, managerPort } from './isolateManager';
import { codeCacheForIsolate } from './runtimeCodeCache';
import { postEncoded } from './wire';

const { beginChild, markInternal, quietly } = tracer;

/** What an isolate's thread runs first: it loads this runtime and boots the isolate. */
const THREAD_ENTRY = join(__dirname, 'isolateThread.cjs');

/** Starts a worker thread running this runtime as an isolate of the given role. */
export function startIsolateWorker(
  boot: Omit<BootData, 'mark' | 'controlPort' | 'pauseCapability' | 'terminateCapability' | 'controlSignal'>,
  threadName: string,
  spawn: SpawnDetails | undefined,
): ChildIsolate {
  const pauseCapability = new Capability();
  const terminateCapability = new Capability();
  const controlSignal = new Int32Array(new SharedArrayBuffer(4));
  const cache = codeCacheForIsolate();
  const data: BootData = { mark: BOOT_MARK, controlPort: managerPort(), pauseCapability, terminateCapability, controlSignal, ...boot, ...cache };
  let worker: Worker | undefined;
  const traced = beginChild();
  try {
    // The boot data travels like a message (it may hold SendPorts): encoded, then handed over.
    postEncoded(
      data,
      (workerData, transferList) => {
        worker = markInternal(quietly(() => new Worker(THREAD_ENTRY, { workerData, transferList, name: threadName })));
      },
      cache.codeCacheReply ? { extraTransfer: [cache.codeCacheReply] } : {},
    );
  } finally {
    traced?.endConstruction();
  }
  const child = adoptChild(new ChildIsolate(worker!, boot.debugName, pauseCapability, terminateCapability, controlSignal, forgetChild, traced));
  // A spare for Isolate.run is announced when it is given its computation.
  if (spawn) child.announce(spawn);
  return child;
}
