// Isolate.run called again and again (the seeds' compute() pattern): 60 trivial computations
// in a row, with a little other work every ten, against the same loop giving each call a new
// Worker (what every Isolate.run cost before threads were reused). The targets are absolute
// (p50 ≤ 1.5 ms, p95 ≤ 5 ms, whatever a cold worker costs); the ratio row alternates the two
// loops for the rounds and compares their medians round by round.
import { Worker } from 'node:worker_threads';
import { Isolate } from 'isoscope';
import { MIN_ROUNDS, alternate, median, percentile, ratioRow, row } from './lib.mjs';

const CALLS = 60;
const ROUNDS = MIN_ROUNDS;

/** About a millisecond of the caller's own work. */
function otherWork() {
  let x = 0;
  for (let i = 0; i < 300_000; i++) x += i % 7;
  return x;
}

async function loop(call, times) {
  for (let i = 0; i < CALLS; i++) {
    if (i % 10 === 0) otherWork();
    const started = performance.now();
    const result = await call(i);
    times.push(performance.now() - started);
    if (result !== i + 1) throw new Error(`bench: computation ${i} gave ${result}`);
  }
}

const viaRun = (i) => Isolate.run((n) => n + 1, { args: [i] });

function viaNewWorker(i) {
  const worker = new Worker('require("node:worker_threads").parentPort.postMessage(require("node:worker_threads").workerData + 1)', { eval: true, workerData: i });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

export default async function runLoopBench() {
  // Warm both once: the runtime's modules, the entry parser, a first thread.
  await loop(viaRun, []);
  await loop(viaNewWorker, []);
  const ours = [];
  const peer = [];
  const rounds = await alternate(
    ROUNDS,
    async () => {
      const times = [];
      await loop(viaRun, times);
      ours.push(...times);
      return median(times);
    },
    async () => {
      const times = [];
      await loop(viaNewWorker, times);
      peer.push(...times);
      return median(times);
    },
  );
  const p50 = median(ours);
  const p95 = percentile(ours, 95);
  const perRound = `per round: p50 ${Math.min(...rounds.oursAll).toFixed(2)}–${Math.max(...rounds.oursAll).toFixed(2)} ms`;
  return [
    row(`Isolate.run back-to-back, p50 (${CALLS} calls × ${ROUNDS} rounds)`, 'ms', p50, 1.5, 1, 'lower', `peer = the 1.5 ms target; ${perRound}; a new Worker per call took p50 ${median(peer).toFixed(1)} ms in the same run`),
    row(`Isolate.run back-to-back, p95 (${CALLS} calls × ${ROUNDS} rounds)`, 'ms', p95, 5, 1, 'lower', `peer = the 5 ms target; the slowest call ${Math.max(...ours).toFixed(1)} ms; a new Worker per call took p95 ${percentile(peer, 95).toFixed(1)} ms`),
    ratioRow('Isolate.run back-to-back vs a new Worker per call, p50 per round', 'ms', rounds, 0.1, 'lower', 'the same loop of 60 calls, alternated'),
  ];
}
