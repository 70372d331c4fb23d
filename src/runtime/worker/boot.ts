// What a worker thread runs when it is an isolate: decode the boot data, install the
// isolate's error handling and control channel, then take up the role it was started for.
// The roles are wired into the control channel here, so that channel depends on none of them.
import { parentPort, workerData } from 'node:worker_threads';
import { BOOT_MARK, type SpawnOrder } from '../controlMessages';
import { MARKED, frameKind, type MarkedFrame } from '../frames';
import { listenToParent } from './control';
import { bootData, connectToParent, nameIsolate, reportUncaught, send, setErrorsFatal } from './parentLink';
import { runTask } from './poolTask';
import { runJob } from './runJob';
import { runSpawnedEntry } from './spawnedEntry';

/** True in a worker thread the runtime started as an isolate. */
export function isIsolateWorker(): boolean {
  if (parentPort === null || typeof workerData !== 'object' || workerData === null) return false;
  const data = (frameKind(workerData) === MARKED ? (workerData as MarkedFrame).m : workerData) as { mark?: unknown } | null;
  return data?.mark === BOOT_MARK;
}

/** A spare becomes the isolate Isolate.spawn starts, as if it had been started for it. */
function becomeSpawned(order: SpawnOrder): void {
  const boot = Object.assign(bootData(), order, { role: 'isolate' as const });
  nameIsolate(boot.debugName);
  setErrorsFatal(boot.errorsAreFatal);
  void runSpawnedEntry(boot);
}

/** Makes this worker thread the isolate its parent started: a spawned entry, an
 * Isolate.run computation (or a spare waiting for one) or a pool worker. */
export function bootIsolate(): void {
  const boot = connectToParent();
  nameIsolate(boot.debugName);
  process.on('uncaughtException', reportUncaught);
  process.on('unhandledRejection', reportUncaught);
  listenToParent({ run: runJob, task: runTask, spawn: becomeSpawned });
  if (boot.role === 'isolate') void runSpawnedEntry(boot);
  else if (boot.role === 'run') {
    if (boot.job) runJob(boot.job);
    else send({ type: 'ready' }); // A spare: wait on the port (kept alive) for a job.
  } else send({ type: 'ready' });
}
