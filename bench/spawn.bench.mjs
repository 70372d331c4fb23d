// Start-up: Isolate.spawn to first message vs new Worker to first message, and Isolate.run
// of a trivial computation with a spare isolate ready.
import { Worker } from 'node:worker_threads';
import { Isolate, ReceivePort } from 'isoscope';
import { alternate, median, percentile, row, sleep } from './lib.mjs';

async function rawFirstMessage() {
  const started = performance.now();
  const worker = new Worker(new URL('./rawHello.cjs', import.meta.url));
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  await new Promise((resolve) => worker.once('message', resolve));
  const ms = performance.now() - started;
  await exited;
  return ms;
}

async function spawnFirstMessage() {
  const port = new ReceivePort();
  const started = performance.now();
  await Isolate.spawn((p) => p.send('hello'), port.sendPort);
  await port.first();
  return performance.now() - started;
}

export default async function spawnBench() {
  // Warm both paths once (module loading, the entry analyser) before measuring.
  await rawFirstMessage();
  await spawnFirstMessage();
  const startup = await alternate(25, spawnFirstMessage, rawFirstMessage);

  await Isolate.run(() => 0); // the first call starts the spare
  const trips = [];
  for (let i = 0; i < 60; i++) {
    await sleep(40); // room for the next spare to boot
    const started = performance.now();
    await Isolate.run(() => 1 + 1);
    trips.push(performance.now() - started);
  }
  const runP50 = median(trips);
  return [
    row('Isolate.spawn → first message', 'ms', startup.ours, startup.peer, 1.1, 'lower', 'vs new Worker → first message (medians of 25)'),
    // The target here is absolute (Dart starts an isolate in well under 1 ms), so the "peer"
    // column is that 1 ms; the cold new Worker of this run is given for scale.
    row('Isolate.run trivial round trip, p50 (spare ready)', 'ms', runP50, 1, 1, 'lower',
      `peer = the 1 ms target; p95 ${percentile(trips, 95).toFixed(2)} ms; a cold new Worker → first message took ${startup.peer.toFixed(1)} ms in this run (${(runP50 / startup.peer).toFixed(3)}x)`),
  ];
}
