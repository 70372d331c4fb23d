// A worker whose name is markup: the timeline must show it as text and run nothing.
const { Worker } = require('node:worker_threads');

const name = '<img src=x onerror="alert(1)"><b>bold</b>';
new Worker("require('node:worker_threads').parentPort.postMessage('hi')", { eval: true, name }).on('message', () => undefined);
