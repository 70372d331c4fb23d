// Whether the machine has a core to spare for a pool isolate's poll (idlePoll.ts). The 1-minute
// load average counts every runnable thread, this process's own included: a pool that has just
// run a burst of tasks on every core sees a load average near the core count for a minute
// after it, and would not poll while it answers one task at a time, when polling pays most.
// So this process's own share is taken off: its CPU time (process-wide, every thread) over the
// same kind of damped average the kernel keeps for the load average.
/** The kernel's time constant for the 1-minute load average (ms). */
const LOAD_WINDOW_MS = 60_000;

export interface OwnLoad {
  /** This process's damped average use, in cores. */
  cores: number;
  /** Process CPU time (µs) and wall time (ms) at the last look. */
  cpuMicros: number;
  at: number;
}

/** The own load once `cpuMicros` of process CPU time is used at `at` (ms). */
export function nextOwnLoad(last: OwnLoad, cpuMicros: number, at: number): OwnLoad {
  const elapsed = at - last.at;
  if (!(elapsed > 0)) return last;
  const used = Math.max(0, (cpuMicros - last.cpuMicros) / 1000 / elapsed);
  const keep = Math.exp(-elapsed / LOAD_WINDOW_MS);
  return { cores: last.cores * keep + used * (1 - keep), cpuMicros, at };
}

/** Whether the other processes' load leaves a core spare: `load` is the 1-minute load
 * average, `own` this process's share of it. */
export function leavesCoreSpare(load: number, own: number, cores: number): boolean {
  return Math.max(0, load - own) < cores - 0.5;
}
