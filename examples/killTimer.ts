// A periodic-timer isolate, killed with immediate priority.
import { Isolate, ReceivePort, SendPort } from 'isoscope';

const beats = new ReceivePort('beats');
const exited = new ReceivePort('exited');
const isolate = await Isolate.spawn((port: SendPort) => {
  let n = 0;
  setInterval(() => port.send(++n), 50);
}, beats.sendPort, { debugName: 'heartbeat', onExit: exited.sendPort });

let killedAt = 0;
beats.listen((n: number) => {
  console.log(`  heartbeat ${n}`);
  if (n === 5) {
    killedAt = performance.now();
    isolate.kill({ priority: Isolate.immediate });
  }
});
await exited.first();
beats.close();
console.log(`killed "${isolate.debugName}" after 5 beats; it was gone ${(performance.now() - killedAt).toFixed(1)} ms after kill()`);
