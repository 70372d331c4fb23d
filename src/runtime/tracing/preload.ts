// What `--require isoscope/register` installs in each thread of a program that never
// imported isoscope: the worker_threads wrappers (workerThreadsPatch.ts) and, in every
// thread, the child_process wrappers (childProcessTracing.ts). Once per thread, whichever
// copy of isoscope's preload comes first (register.ts asks the tracer core).
import type { TracerCore } from './coreApi';
import { installWorkerThreadsPatch } from './workerThreadsPatch';
import { installChildProcessTracing } from './childProcessTracing';

/** Installs the preload's wrappers, recording into `core`. */
export function installPreload(core: TracerCore): void {
  installWorkerThreadsPatch(core);
  installChildProcessTracing(core);
}
