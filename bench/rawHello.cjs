// The raw worker_threads peer for start-up: post one message as soon as the thread runs.
require('node:worker_threads').parentPort.postMessage('hello');
