// A plain worker_threads program for the preload benchmark: N pipelined echoes, then N more.
// Prints two rates (msg/s): the first N from a cold start (the JIT compiles everything that
// runs, on the same two cores), then the next N with that code compiled.
const { Worker, isMainThread, parentPort } = require('node:worker_threads');

if (isMainThread) {
  const n = Number(process.argv[2] ?? 100000);
  const worker = new Worker(__filename);
  worker.once('online', () => {
    let started = performance.now();
    let got = 0;
    let cold = 0;
    worker.on('message', () => {
      if (++got === n) {
        cold = Math.round(n / ((performance.now() - started) / 1000));
        started = performance.now();
        for (let i = 0; i < n; i++) worker.postMessage({ i, kind: 'tick' });
      } else if (got === 2 * n) {
        console.log(cold, Math.round(n / ((performance.now() - started) / 1000)));
        worker.terminate();
      }
    });
    for (let i = 0; i < n; i++) worker.postMessage({ i, kind: 'tick' });
  });
} else {
  parentPort.on('message', (m) => parentPort.postMessage(m));
}
