// A plain worker_threads program for the preload benchmark: N pipelined echoes; prints msg/s.
const { Worker, isMainThread, parentPort } = require('node:worker_threads');

if (isMainThread) {
  const n = Number(process.argv[2] ?? 100000);
  const worker = new Worker(__filename);
  worker.once('online', () => {
    const started = performance.now();
    let got = 0;
    worker.on('message', () => {
      if (++got === n) {
        console.log(Math.round(n / ((performance.now() - started) / 1000)));
        worker.terminate();
      }
    });
    for (let i = 0; i < n; i++) worker.postMessage({ i, kind: 'tick' });
  });
} else {
  parentPort.on('message', (m) => parentPort.postMessage(m));
}
