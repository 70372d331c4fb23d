// Pipelined small messages, echoed back: SendPort/ReceivePort vs raw postMessage.
import { Worker } from 'node:worker_threads';
import { Isolate, ReceivePort } from 'isoscope';
import { MIN_ROUNDS, alternate, ratioRow } from './lib.mjs';

export const N = 100_000;

async function rawEcho() {
  const worker = new Worker(new URL('./rawEcho.cjs', import.meta.url));
  await new Promise((resolve) => worker.once('online', resolve));
  const started = performance.now();
  await new Promise((resolve) => {
    let got = 0;
    worker.on('message', () => {
      if (++got === N) resolve();
    });
    for (let i = 0; i < N; i++) worker.postMessage({ i, kind: 'tick' });
  });
  const ms = performance.now() - started;
  await worker.terminate();
  return N / (ms / 1000);
}

/** N pipelined echoes through an isolate's ports; msg/s. (The tracing benchmark reuses it.) */
export async function isolateEcho() {
  const replies = new ReceivePort();
  const isolate = await Isolate.spawn((main) => {
    const inbox = new ReceivePort();
    main.send(inbox.sendPort);
    inbox.listen((m) => main.send(m));
  }, replies.sendPort, { debugName: 'echo' });
  let inbox;
  let got = 0;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  replies.listen((m) => {
    if (inbox === undefined) {
      inbox = m;
      return;
    }
    if (++got === N) done();
  });
  while (inbox === undefined) await new Promise((resolve) => setImmediate(resolve));
  const started = performance.now();
  for (let i = 0; i < N; i++) inbox.send({ i, kind: 'tick' });
  await finished;
  const ms = performance.now() - started;
  isolate.kill({ priority: Isolate.immediate });
  replies.close();
  return N / (ms / 1000);
}

export default async function portsBench() {
  const result = await alternate(MIN_ROUNDS, isolateEcho, rawEcho);
  return [ratioRow(`port throughput, ${N / 1000}k pipelined echoes`, 'msg/s', result, 0.95, 'higher', 'vs raw worker.postMessage')];
}
