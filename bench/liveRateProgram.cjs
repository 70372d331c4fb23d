// The live path's load: two worker threads send main `rate` messages a second between them
// (each message is two events, a send and a receive) for `seconds`, paced by the clock. It
// writes, for the benchmark, when it started its first worker and when it sent its last
// message, in µs on the machine's monotonic clock (the clock the timeline's marks use).
const { Worker } = require('node:worker_threads');
const { writeFileSync } = require('node:fs');

const [rate = 50_000, seconds = 10, marks] = [Number(process.argv[2] ?? 50_000), Number(process.argv[3] ?? 10), process.argv[4]];
const micros = () => {
  const [s, ns] = process.hrtime();
  return s * 1e6 + ns / 1e3;
};
const source = `
  const { parentPort, workerData } = require('node:worker_threads');
  const { rate, seconds } = workerData;
  const started = Date.now();
  let sent = 0;
  const tick = () => {
    const elapsed = (Date.now() - started) / 1000;
    const due = Math.min(rate * seconds, Math.floor(elapsed * rate));
    while (sent < due) parentPort.postMessage(sent++);
    if (sent < rate * seconds) setTimeout(tick, 1);
    else parentPort.postMessage('done');
  };
  tick();
`;
const spawnedAt = micros();
let running = 2;
for (const name of ['sender-a', 'sender-b']) {
  new Worker(source, { eval: true, name, workerData: { rate: rate / 2, seconds } }).on('message', (m) => {
    if (m !== 'done' || --running > 0) return;
    if (marks) writeFileSync(marks, JSON.stringify({ spawnedAt, lastSentAt: micros() }));
    process.exit(0);
  });
}
