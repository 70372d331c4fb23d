// The raw worker_threads peer: echo every message straight back.
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => parentPort.postMessage(m));
