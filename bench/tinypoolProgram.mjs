// The tinypool program the tracing bench runs (bench/tinypool.bench.mjs), untraced and
// under `isoscope record`: 20,000 small tasks through tinypool's 2 threads, all queued at
// once. The same file is the tasks' module: tinypool's workers import it for its default export.
import { isMainThread } from 'node:worker_threads';

export default (x) => x + 1;

if (isMainThread) {
  const { default: Tinypool } = await import('tinypool');
  const tasks = Number(process.argv[2] ?? 20_000);
  const pool = new Tinypool({ filename: import.meta.url, minThreads: 2, maxThreads: 2 });
  const results = [];
  for (let i = 0; i < tasks; i++) results.push(pool.run(i));
  let sum = 0;
  for (const result of await Promise.all(results)) sum += result;
  await pool.destroy();
  // The tasks' answers, checked: a traced run must compute what an untraced one does.
  if (sum !== (tasks * (tasks + 1)) / 2) throw new Error(`tinypoolProgram: the tasks summed to ${sum}`);
}
