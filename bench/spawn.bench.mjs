// Start-up: Isolate.spawn to the entry's first message vs new Worker to the first message of a
// file that posts one (rawHello.cjs). Each side's thread has exited before the next round
// starts (awaited outside the timing), so no round shares the CPU with the last one's exit.
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

async function rawFirstMessage(cpu) {
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

export default async function spawnBench() {
  // Warm both paths (module loading, the entry analyser, the runtime's code cache, which the
  // first isolate makes) before measuring.
  const warmCpu = [];
  await rawFirstMessage(warmCpu);
  await spawnFirstMessage(warmCpu);
  await spawnFirstMessage(warmCpu);
  const oursCpu = [];
  const peerCpu = [];
  const startup = await alternate(ROUNDS, () => spawnFirstMessage(oursCpu), () => rawFirstMessage(peerCpu));
  const cpuRatio = median(oursCpu.map((ours, i) => ours / peerCpu[i]));
  const cpuNote = `process CPU to the first message: ours ${median(oursCpu).toFixed(1)} ms, peer ${median(peerCpu).toFixed(1)} ms, median ratio ${cpuRatio.toFixed(3)}x`;
  return [ratioRow('Isolate.spawn → first message', 'ms', startup, 1.05, 'lower', `vs new Worker → first message; ${cpuNote}`)];
}
