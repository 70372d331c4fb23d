// A plain worker_threads program for the preload benchmark: N pipelined echoes, then N more.
// Prints two rates (msg/s): the first N from a cold start (the JIT compiles everything that
// runs, on the same two cores), then the next N with that code compiled. On Linux it then
// prints the CPU time (ms) each kind of thread used over the cold phase: the main thread, the
// worker, and the rest (V8's helper threads, where its optimizing compiler and concurrent
// garbage collector run; libuv's), from /proc/self/task/*/schedstat.
const { Worker, isMainThread, parentPort } = require('node:worker_threads');
const { readdirSync, readFileSync } = require('node:fs');

/** CPU time (ms) of each thread of this process, by thread id; undefined where /proc has none. */
function threadCpu() {
  try {
    const cpu = new Map();
    for (const tid of readdirSync('/proc/self/task')) cpu.set(Number(tid), Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6);
    return cpu;
  } catch {
    return undefined;
  }
}

/** The cold phase's CPU by kind of thread: the worker is the busiest thread besides main. */
function cpuSince(before) {
  const after = threadCpu();
  if (!before || !after) return [];
  const used = [...after].map(([tid, ms]) => [tid, ms - (before.get(tid) ?? 0)]);
  const main = used.find(([tid]) => tid === process.pid)?.[1] ?? 0;
  const others = used.filter(([tid]) => tid !== process.pid).map(([, ms]) => ms).sort((a, b) => b - a);
  const worker = others[0] ?? 0;
  const rest = others.slice(1).reduce((sum, ms) => sum + ms, 0);
  return [main, worker, rest].map((ms) => ms.toFixed(1));
}

if (isMainThread) {
  const n = Number(process.argv[2] ?? 100000);
  const worker = new Worker(__filename);
  worker.once('online', () => {
    const cpuBefore = threadCpu();
    let started = performance.now();
    let got = 0;
    let cold = 0;
    let coldCpu = [];
    worker.on('message', () => {
      if (++got === n) {
        cold = Math.round(n / ((performance.now() - started) / 1000));
        coldCpu = cpuSince(cpuBefore);
        started = performance.now();
        for (let i = 0; i < n; i++) worker.postMessage({ i, kind: 'tick' });
      } else if (got === 2 * n) {
        console.log(cold, Math.round(n / ((performance.now() - started) / 1000)), ...coldCpu);
        worker.terminate();
      }
    });
    for (let i = 0; i < n; i++) worker.postMessage({ i, kind: 'tick' });
  });
} else {
  parentPort.on('message', (m) => parentPort.postMessage(m));
}
