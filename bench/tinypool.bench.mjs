// Tracing a real pool library: bench/tinypoolProgram.mjs (20,000 small tasks through
// tinypool's 2 threads) run as a separate process untraced and under `isoscope record`,
// and under the preload alone, rounds alternated; wall time from the process's start to its
// end (for record: the command as a user runs it, reading the trace back and printing its
// summary and findings included).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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

/** GNU time, where there is one, gives each run's CPU time (user + system, its children's
 * included): on a shared machine it varies far less than the wall time. */
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Wall time and CPU time (ms; CPU NaN without GNU time) of one run of `args` under node;
 * throws when it fails. */
function timed(args, env) {
  const [command, commandArgs] = gnuTime ? [gnuTime, ['-f', '%U %S', process.execPath, ...args]] : [process.execPath, args];
  const started = performance.now();
  const result = spawnSync(command, commandArgs, { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  const [user, system] = gnuTime ? result.stderr.trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN];
  return { wall, cpu: (user + system) * 1000 };
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
    const of = (side, key) => times[side].map((t) => t[key]);
    const record = pairedRounds(of('recorded', 'wall'), of('untraced', 'wall'));
    const preload = pairedRounds(of('preloaded', 'wall'), of('untraced', 'wall'));
    const cpu = (side) => {
      const result = pairedRounds(of(side, 'cpu'), of('untraced', 'cpu'));
      return gnuTime ? `; CPU time ${result.ratio.toFixed(3)}x (spread ${result.spread.map((r) => r.toFixed(3)).join('–')}x, ${result.ours.toFixed(0)} vs ${result.peer.toFixed(0)} ms)` : '';
    };
    const perTask = (result) => `${(((result.ours - result.peer) * 1000) / TASKS).toFixed(1)} µs more per task (medians)`;
    return [
      ratioRow(`tinypool, ${TASKS / 1000}k small tasks on 2 threads: isoscope record vs untraced`, 'ms', record, 1.15, 'lower', `wall time of each process, start to end; record includes reading the trace back and printing its summary and findings; ${perTask(record)}${cpu('recorded')}`),
      ratioRow(`tinypool, ${TASKS / 1000}k small tasks on 2 threads: --require isoscope/register vs untraced`, 'ms', preload, 1.15, 'lower', `the tracer alone, writing the trace to a file (the same rounds, alternated with the row above); ${perTask(preload)}${cpu('preloaded')}`),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
