// A TypeScript program, run through tsx: its types go, its lines must not move in the
// timeline's source links.
import { Worker } from 'node:worker_threads';

interface Job {
  n: number;
  label: string;
}

const job: Job = { n: 7, label: 'square' };
const worker: Worker = new Worker("const { parentPort, workerData } = require('node:worker_threads'); parentPort.postMessage(workerData.n * workerData.n);", { eval: true, name: 'ts-worker', workerData: job });
worker.on('message', (answer: number) => console.log(`${job.label} of ${job.n} is ${answer}`));
