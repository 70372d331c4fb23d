// Start-up: Isolate.spawn to the entry's first message vs new Worker to the first message of a
// file that posts one (rawHello.cjs), twice: with no spare thread (ISOSCOPE_SPARE_THREADS=0,
// as for a program's first spawn: the runtime starts on a new thread) and with the spare the
// runtime keeps started (spareThreads.ts: every spawn after the first). Each side's thread has
// exited before the next round starts (awaited outside the timing), and each round begins
// after the same pause on both sides, long enough for the spare to start, so no round shares
// the CPU with the last one's exit or the spare's start.
// Beside the wall time, each round notes the process's CPU time to the first message (the
// main thread waits meanwhile, so it is mostly the new thread's start-up): on this shared
// machine it moves far less with the load than the wall time does.
import { Worker } from 'node:worker_threads';
import { Isolate, ReceivePort } from 'isoscope';
import { alternate, median, ratioRow } from './lib.mjs';

const ROUNDS = 31;

function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const PAUSE_MS = 150;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function rawFirstMessage(cpu) {
  await sleep(PAUSE_MS);
  const cpuAtStart = cpuMs();
  const started = performance.now();
  const worker = new Worker(new URL('./rawHello.cjs', import.meta.url));
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  await new Promise((resolve) => worker.once('message', resolve));
  const ms = performance.now() - started;
  cpu.push(cpuMs() - cpuAtStart);
  await exited;
  return ms;
}

async function spawnFirstMessage(cpu) {
  await sleep(PAUSE_MS);
  const port = new ReceivePort();
  const exit = new ReceivePort();
  const cpuAtStart = cpuMs();
  const started = performance.now();
  await Isolate.spawn((p) => p.send('hello'), port.sendPort, { onExit: exit.sendPort });
  await port.first();
  const ms = performance.now() - started;
  cpu.push(cpuMs() - cpuAtStart);
  await exit.first();
  return ms;
}

/** Both sides alternated for the rounds, with their CPU time to the first message. */
async function measure() {
  const oursCpu = [];
  const peerCpu = [];
  const startup = await alternate(ROUNDS, () => spawnFirstMessage(oursCpu), () => rawFirstMessage(peerCpu));
  const cpuRatio = median(oursCpu.map((ours, i) => ours / peerCpu[i]));
  return { startup, cpuNote: `process CPU to the first message: ours ${median(oursCpu).toFixed(2)} ms, peer ${median(peerCpu).toFixed(2)} ms, median ratio ${cpuRatio.toFixed(3)}x` };
}

export default async function spawnBench() {
  // Warm both paths (module loading, the entry analyser, the runtime's code cache, which the
  // first isolate makes) before measuring; no spare thread first.
  process.env.ISOSCOPE_SPARE_THREADS = '0';
  const warmCpu = [];
  await rawFirstMessage(warmCpu);
  await spawnFirstMessage(warmCpu);
  await spawnFirstMessage(warmCpu);
  const cold = await measure();
  delete process.env.ISOSCOPE_SPARE_THREADS;
  await spawnFirstMessage(warmCpu); // leaves a spare started
  const spare = await measure();
  return [
    ratioRow('Isolate.spawn → first message, a spare started (every spawn after the first)', 'ms', spare.startup, 1.05, 'lower', `vs new Worker → first message; the isolate starts on the thread the runtime keeps started; ${spare.cpuNote}`),
    ratioRow('Isolate.spawn → first message, no spare (a program\'s first spawn)', 'ms', cold.startup, 1.05, 'lower', `vs new Worker → first message; ISOSCOPE_SPARE_THREADS=0: the runtime starts on a new thread (from its code cache); ${cold.cpuNote}`),
  ];
}
