// Isolate.run returning a 64 MB ArrayBuffer (moved) vs a worker returning it by copy. Timed
// from the moment the isolate hands the result over to the moment the caller has it.
import { Worker } from 'node:worker_threads';
import { Isolate } from 'isoscope';
import { MIN_ROUNDS, alternate, ratioRow } from './lib.mjs';

const SIZE = 64 * 1024 * 1024;

async function moved() {
  const result = await Isolate.run((size) => {
    const bytes = new Uint8Array(size).fill(1);
    return { buffer: bytes.buffer, sentAt: performance.timeOrigin + performance.now() };
  }, { args: [SIZE] });
  return performance.timeOrigin + performance.now() - result.sentAt;
}

async function copied() {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const bytes = new Uint8Array(workerData).fill(1);
     parentPort.postMessage({ buffer: bytes.buffer, sentAt: performance.timeOrigin + performance.now() });`,
    { eval: true, workerData: SIZE },
  );
  const result = await new Promise((resolve) => worker.once('message', resolve));
  const ms = performance.timeOrigin + performance.now() - result.sentAt;
  await worker.terminate();
  return ms;
}

export default async function runResultBench() {
  const result = await alternate(MIN_ROUNDS, moved, copied);
  return [ratioRow('Isolate.run returning 64 MB', 'ms', result, 0.05, 'lower', 'moved vs the same buffer posted by copy')];
}
