// IsolatePool vs piscina with the same thread count: small-task throughput and the
// sequential round trip of one task at a time.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { IsolatePool } from 'isoscope';
import { alternate, ratioRow } from './lib.mjs';

const THREADS = availableParallelism();
const TASKS = 20_000;
const SEQUENTIAL = 2_000;
const ROUNDS = 9;
const addOne = (x) => x + 1;

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
  await pool.close();
  await piscina.destroy();
  return [
    ratioRow(`IsolatePool small-task throughput (${THREADS} threads, ${TASKS} tasks)`, 'task/s', tp, 1.2, 'higher', 'vs piscina'),
    ratioRow(`IsolatePool sequential round trip (${SEQUENTIAL} tasks)`, 'µs', rt, 1.0, 'lower', 'vs piscina'),
  ];
}
