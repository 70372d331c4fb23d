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
import { median, pairedRounds, ratioRow } from './lib.mjs';

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

/** Runs each side once a round, ROUNDS rounds, each round in another order (rotated), so that
 * no side is always the one that runs first, or right after another one's exit. */
function rotated(sides) {
  for (let i = 0; i < ROUNDS; i++) for (let k = 0; k < sides.length; k++) sides[(i + k) % sides.length]();
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
  const untraced = (env = {}) => once([program, String(TASKS)], env);
  const recorded = (env = {}, file = traceFile()) => once([cli, 'record', '-o', file, '--', process.execPath, program, String(TASKS)], env, file);
  // The tracer alone: the preload writing the trace, without record reading it back.
  const preloaded = (file = traceFile()) => once(['--require', register, program, String(TASKS)], { ISOSCOPE_TRACE: file }, file);
  // A machine whose Node loads extra CA certificates at every start (NODE_EXTRA_CA_CERTS; this
  // one loads the system's 220 KB bundle, about 40 ms a start) makes record pay that twice, for
  // itself and for the program: the same rounds again without it, on both sides.
  const extraCerts = process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: '' } : undefined;
  try {
    untraced(); // warm the disk cache: tinypool's and the program's files
    const times = { recorded: [], preloaded: [], untraced: [], recordedNoCerts: [], untracedNoCerts: [] };
    const sides = [
      () => times.recorded.push(recorded()),
      () => times.preloaded.push(preloaded()),
      () => times.untraced.push(untraced()),
      ...(extraCerts ? [() => times.recordedNoCerts.push(recorded(extraCerts)), () => times.untracedNoCerts.push(untraced(extraCerts))] : []),
    ];
    rotated(sides);
    const of = (side, key) => times[side].map((t) => t[key]);
    const record = pairedRounds(of('recorded', 'wall'), of('untraced', 'wall'));
    const preload = pairedRounds(of('preloaded', 'wall'), of('untraced', 'wall'));
    const cpu = (side) => {
      const result = pairedRounds(of(side, 'cpu'), of('untraced', 'cpu'));
      return gnuTime ? `; CPU time ${result.ratio.toFixed(3)}x (spread ${result.spread.map((r) => r.toFixed(3)).join('–')}x, ${result.ours.toFixed(0)} vs ${result.peer.toFixed(0)} ms)` : '';
    };
    const perTask = (result) => `${(((result.ours - result.peer) * 1000) / TASKS).toFixed(1)} µs more per task (medians)`;
    const withoutCerts = extraCerts ? pairedRounds(of('recordedNoCerts', 'wall'), of('untracedNoCerts', 'wall')) : undefined;
    // A program that does nothing (`node -e 0`), alternated: as it is, without the extra
    // certificates, under the preload alone and under record: what loading the certificates
    // costs a Node start, and the part of the ratio that no tracing of messages adds to.
    const bare = { plain: [], noCerts: [], preloaded: [], recorded: [] };
    rotated([
      () => bare.plain.push(once(['-e', '0'], {}).wall),
      ...(extraCerts ? [() => bare.noCerts.push(once(['-e', '0'], extraCerts).wall)] : []),
      (file = traceFile()) => bare.preloaded.push(once(['--require', register, '-e', '0'], { ISOSCOPE_TRACE: file }, file).wall),
      (file = traceFile()) => bare.recorded.push(once([cli, 'record', '-o', file, '--', process.execPath, '-e', '0'], {}, file).wall),
    ]);
    const plain = median(bare.plain);
    const certsCost = () => `${(plain - median(bare.noCerts)).toFixed(0)} ms (node -e 0: ${plain.toFixed(0)} vs ${median(bare.noCerts).toFixed(0)} ms, medians of ${ROUNDS})`;
    const recordMs = median(bare.recorded) - plain;
    const fixedCost = `; on an empty program (node -e 0, ${ROUNDS} alternated rounds: ${plain.toFixed(0)} ms) record adds ${recordMs.toFixed(0)} ms and the preload alone ${(median(bare.preloaded) - plain).toFixed(0)} ms: record's fixed cost is ${(recordMs / record.peer).toFixed(3)} of this row's untraced time, before any message is traced`;
    return [
      ...(withoutCerts ? [ratioRow(`tinypool, ${TASKS / 1000}k small tasks on 2 threads: isoscope record vs untraced, NODE_EXTRA_CA_CERTS unset`, 'ms', withoutCerts, 1.15, 'lower', `the row below, with this machine's NODE_EXTRA_CA_CERTS (${process.env.NODE_EXTRA_CA_CERTS}) unset on both sides: loading it costs every Node start ${certsCost()} here, which record pays twice (itself and the program); the same rounds, alternated; ${perTask(withoutCerts)}`)] : []),
      ratioRow(`tinypool, ${TASKS / 1000}k small tasks on 2 threads: isoscope record vs untraced`, 'ms', record, 1.15, 'lower', `wall time of each process, start to end; record includes reading the trace back and printing its summary and findings; ${perTask(record)}${cpu('recorded')}${fixedCost}`),
      ratioRow(`tinypool, ${TASKS / 1000}k small tasks on 2 threads: --require isoscope/register vs untraced`, 'ms', preload, 1.15, 'lower', `the tracer alone, writing the trace to a file (the same rounds, alternated with the row above); ${perTask(preload)}${cpu('preloaded')}`),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
