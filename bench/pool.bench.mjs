// IsolatePool vs piscina with the same thread count: small-task throughput and the
// sequential round trip of one task at a time.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { IsolatePool } from 'isoscope';
import { alternate, row } from './lib.mjs';

const THREADS = availableParallelism();
const TASKS = 20_000;
const SEQUENTIAL = 2_000;
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
  const tp = await alternate(5, () => throughput(ours), () => throughput(peer));
  const rt = await alternate(5, () => roundTrip(ours), () => roundTrip(peer));
  await pool.close();
  await piscina.destroy();
  return [
    row(`IsolatePool small-task throughput (${THREADS} threads)`, 'task/s', tp.ours, tp.peer, 1.0, 'higher', 'vs piscina'),
    row('IsolatePool sequential round trip', 'µs', rt.ours, rt.peer, 1.1, 'lower', 'vs piscina'),
  ];
}
