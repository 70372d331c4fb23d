// Tracing a real pool library: bench/tinypoolProgram.mjs (20,000 small tasks through
// tinypool's 2 threads) run as a separate process untraced and under `isoscope record`,
// and under the preload alone, rounds alternated; wall time from the process's start to its
// end (for record: the command as a user runs it, reading the trace back and printing its
// summary and findings included).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pairedRounds, ratioRow } from './lib.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const program = join(here, 'tinypoolProgram.mjs');
const cli = join(here, '../dist/cli.cjs');
const register = join(here, '../dist/register.cjs');
const TASKS = 20_000;
const ROUNDS = 9;

/** Wall time (ms) of one run of `args` under node; throws when it fails. */
function timed(args, env) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return ms;
}

export default async function tinypoolBench() {
  const dir = mkdtempSync(join(tmpdir(), 'isoscope-bench-tinypool-'));
  // A new file each round, deleted at once (the next round must not pay for its write-back).
  let round = 0;
  const traceFile = () => join(dir, `tinypool-${round++}.isotrace`);
  const once = (args, env, file) => {
    try {
      return timed(args, env);
    } finally {
      if (file) rmSync(file, { force: true });
    }
  };
  const untraced = () => once([program, String(TASKS)], {});
  const recorded = (file = traceFile()) => once([cli, 'record', '-o', file, '--', process.execPath, program, String(TASKS)], {}, file);
  // The tracer alone: the preload writing the trace, without record reading it back.
  const preloaded = (file = traceFile()) => once(['--require', register, program, String(TASKS)], { ISOSCOPE_TRACE: file }, file);
  try {
    untraced(); // warm the disk cache: tinypool's and the program's files
    const times = { recorded: [], preloaded: [], untraced: [] };
    for (let i = 0; i < ROUNDS; i++) {
      times.recorded.push(recorded());
      times.preloaded.push(preloaded());
      times.untraced.push(untraced());
    }
    const record = pairedRounds(times.recorded, times.untraced);
    const preload = pairedRounds(times.preloaded, times.untraced);
    const perTask = (result) => `${(((result.ours - result.peer) * 1000) / TASKS).toFixed(1)} µs more per task (medians)`;
    return [
      ratioRow(`tinypool, ${TASKS / 1000}k small tasks on 2 threads: isoscope record vs untraced`, 'ms', record, 1.15, 'lower', `wall time of each process, start to end; record includes reading the trace back and printing its summary and findings; ${perTask(record)}`),
      ratioRow(`tinypool, ${TASKS / 1000}k small tasks on 2 threads: --require isoscope/register vs untraced`, 'ms', preload, 1.15, 'lower', `the tracer alone, writing the trace to a file (the same rounds, alternated with the row above); ${perTask(preload)}`),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
