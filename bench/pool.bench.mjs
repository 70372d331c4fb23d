// IsolatePool vs piscina with the same thread count: small-task throughput, the sequential
// round trip of one task at a time, and a task whose argument is 32 MB copied (not
// transferred): IsolatePool copies it at run() and moves its copy, piscina copies it at post.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { IsolatePool } from 'isoscope';
import { alternate, ratioRow } from './lib.mjs';

const THREADS = availableParallelism();
const TASKS = 20_000;
const SEQUENTIAL = 2_000;
const ROUNDS = 9;
const addOne = (x) => x + 1;
const BIG_BYTES = 32 << 20;
const BIG_TASKS = 5;
const firstByte = (bytes) => bytes[0];

/** ms per task, the median of BIG_TASKS in a row, each given the same 32 MB argument. */
async function bigArgument(run, bytes) {
  const times = [];
  for (let i = 0; i < BIG_TASKS; i++) {
    const started = performance.now();
    await run(bytes);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[BIG_TASKS >> 1];
}

async function throughput(run) {
  const started = performance.now();
  const all = [];
  for (let i = 0; i < TASKS; i++) all.push(run(i));
  await Promise.all(all);
  return TASKS / ((performance.now() - started) / 1000);
}

async function roundTrip(run) {
  const started = performance.now();
  for (let i = 0; i < SEQUENTIAL; i++) await run(i);
  return ((performance.now() - started) * 1000) / SEQUENTIAL;
}

export default async function poolBench() {
  const pool = new IsolatePool({ size: THREADS });
  const piscina = new Piscina({ filename: new URL('./piscinaTask.cjs', import.meta.url).href, minThreads: THREADS, maxThreads: THREADS });
  const ours = (i) => pool.run(addOne, { args: [i] });
  const peer = (i) => piscina.run(i);
  await throughput(ours); // warm up: start every thread on both sides
  await throughput(peer);
  const tp = await alternate(ROUNDS, () => throughput(ours), () => throughput(peer));
  const rt = await alternate(ROUNDS, () => roundTrip(ours), () => roundTrip(peer));
  const bytes = new Uint8Array(BIG_BYTES).fill(7);
  const piscinaBig = new Piscina({ filename: new URL('./piscinaFirstByte.cjs', import.meta.url).href, minThreads: THREADS, maxThreads: THREADS });
  const oursBig = (b) => pool.run(firstByte, { args: [b] });
  const peerBig = (b) => piscinaBig.run(b);
  await bigArgument(oursBig, bytes);
  await bigArgument(peerBig, bytes);
  const big = await alternate(ROUNDS, () => bigArgument(oursBig, bytes), () => bigArgument(peerBig, bytes));
  await pool.close();
  await piscina.destroy();
  await piscinaBig.destroy();
  return [
    ratioRow(`IsolatePool small-task throughput (${THREADS} threads, ${TASKS} tasks)`, 'task/s', tp, 1.2, 'higher', 'vs piscina'),
    ratioRow(`IsolatePool sequential round trip (${SEQUENTIAL} tasks)`, 'µs', rt, 1.0, 'lower', 'vs piscina'),
    ratioRow(`IsolatePool task with a ${BIG_BYTES >> 20} MB argument, copied`, 'ms', big, 1.25, 'lower', 'vs piscina; ours copies it at run() and moves its copy to the isolate (a second copy doubled the time), piscina copies it at post'),
  ];
}
