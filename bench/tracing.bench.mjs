// What tracing costs: isoscope port throughput traced vs untraced, the preload on a raw
// worker_threads program vs the same program untraced, and the time to record one event
// (against one raw postMessage, measured in the same run).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
import { trace } from 'isoscope';
import { isolateEcho, N } from './ports.bench.mjs';
import { alternate, median, pairedRounds, ratioRow } from './lib.mjs';

const require = createRequire(import.meta.url);
const { tracer } = require('../dist/tracing.cjs');
const { estimateSize } = require('../dist/tracingTools.cjs');
const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'isoscope-bench-'));

/** What trace.stop() took per event (the formatting the busy threads were spared). */
const stopNsPerEvent = [];

async function tracedEcho(round) {
  // A ring big enough for a burst of 100k sends while the main thread is busy sending.
  const file = join(dir, `echo-${round}.isotrace`);
  trace.start({ sink: trace.fileSink(file), ringBytes: 64 << 20 });
  let rate;
  try {
    rate = await isolateEcho();
  } finally {
    const started = process.hrtime.bigint();
    trace.stop();
    const ns = Number(process.hrtime.bigint() - started);
    stopNsPerEvent.push(ns / (readFileSync(file, 'utf8').split('\n').length - 2));
    // Deleted at once: a trace is tens of MB, and the disk writing it back would run during
    // the next rounds.
    rmSync(file, { force: true });
  }
  return rate;
}

/** The raw worker_threads echo (bench/rawEchoProgram.cjs) in a child process: its msg/s
 * over the first N echoes (cold) and the next N (warm). */
function rawProgram(preload, round) {
  const env = { ...process.env };
  const args = [join(here, 'rawEchoProgram.cjs'), String(N)];
  if (preload) {
    args.unshift('--require', join(here, '../dist/register.cjs'));
    env.ISOSCOPE_TRACE = join(dir, `raw-${round}.isotrace`);
    env.ISOSCOPE_TRACE_RING_BYTES = String(64 << 20);
  }
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  if (env.ISOSCOPE_TRACE) rmSync(env.ISOSCOPE_TRACE, { force: true });
  if (result.status !== 0) throw new Error(`rawEchoProgram failed: ${result.stderr}`);
  const [cold, warm, main, worker, helpers] = result.stdout.trim().split(' ').map(Number);
  return { cold, warm, cpu: { main, worker, helpers } };
}

/** The cold phase's CPU by kind of thread, both sides' medians (Linux only: /proc). */
function coldCpuNote(raw) {
  const side = (rounds, key) => median(rounds.map((r) => r.cpu[key]));
  if (!raw.oursAll.every((r) => Number.isFinite(r.cpu.main))) return '';
  const pair = (key) => `${side(raw.oursAll, key).toFixed(0)} vs ${side(raw.peerAll, key).toFixed(0)}`;
  return `; CPU over the cold phase, traced vs untraced (ms, medians): main thread ${pair('main')}, worker ${pair('worker')}, the process's other threads ${pair('helpers')} (V8's helper threads: its optimizing compiler, compiling the tracer's code in each thread, and its concurrent GC)`;
}

/** ns to record one send event, tracing to a file: what a traced send adds (the time, the
 * size estimate, the binary record in the thread's ring). */
function recordCost() {
  trace.start({ sink: trace.fileSink(join(dir, 'record.isotrace')), heapIntervalMs: 0 });
  const count = 200_000;
  const message = { i: 0, kind: 'tick' };
  const { recordSendRecord, rawNow } = tracer;
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    message.i = i;
    recordSendRecord(rawNow(), 1, i, estimateSize(message), 0, 0, 1, 1);
  }
  const ns = Number(process.hrtime.bigint() - started) / count;
  trace.stop();
  return ns;
}

/** ns for one raw postMessage of a small object (the thing an event describes). */
function postCost() {
  const { port1, port2 } = new MessageChannel();
  const count = 200_000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) port1.postMessage({ i, kind: 'tick' });
  const ns = Number(process.hrtime.bigint() - started) / count;
  port1.close();
  port2.close();
  return ns;
}

/** The alternate() result of one figure (`key`) of rounds that each return several. */
const figure = (result, key) => pairedRounds(result.oursAll.map((r) => r[key]), result.peerAll.map((r) => r[key]));

const ROUNDS = 9;

export default async function tracingBench() {
  try {
    const ports = await alternate(ROUNDS, tracedEcho, isolateEcho);
    let round = 0;
    // A fresh process each round, so each round starts cold.
    const raw = await alternate(ROUNDS, () => rawProgram(true, round++), () => rawProgram(false, round++));
    const cost = await alternate(ROUNDS, recordCost, postCost);
    return [
      ratioRow(`port throughput, tracing on vs off (${N / 1000}k echoes)`, 'msg/s', ports, 0.85, 'higher', `trace to a file, same process; trace.stop() then formatted what the busy threads left, ${median(stopNsPerEvent).toFixed(0)} ns per event`),
      ratioRow(`raw worker_threads echo, --require isoscope/register vs untraced: first ${N / 1000}k, cold`, 'msg/s', figure(raw, 'cold'), 0.9, 'higher', `separate processes; includes the JIT compiling the tracer on the same two cores${coldCpuNote(raw)}`),
      ratioRow(`raw worker_threads echo, --require isoscope/register vs untraced: next ${N / 1000}k, warm`, 'msg/s', figure(raw, 'warm'), 0.85, 'higher', 'the same processes, after the first phase'),
      ratioRow('cost of recording one event', 'ns', cost, 1, 'lower', 'vs one raw postMessage of a small object'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
