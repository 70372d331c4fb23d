// A real isoscope program for the timeline benchmark: 20 isolates each send 25,000 small
// messages to one ReceivePort in the main isolate, which counts them and closes the port when
// all 500,000 have arrived; the isolates return by themselves and the program exits.
// Recorded with `isoscope record`, it makes a trace of over a million events in the
// runtime's own shapes (channel ids, port names, heap samples, field order).
//   node bench/manySendersProgram.mjs [isolates] [messages per isolate]
import { Isolate, ReceivePort } from 'isoscope';

const isolates = Number(process.argv[2] ?? 20);
const perIsolate = Number(process.argv[3] ?? 25_000);
const total = isolates * perIsolate;

const inbox = new ReceivePort('inbox');
let got = 0;
inbox.listen(() => {
  if (++got === total) inbox.close();
});

// All at once, as a program fanning work out would start them.
await Promise.all(Array.from({ length: isolates }, (_, i) => Isolate.spawn(({ to, from, count }) => {
  for (let n = 0; n < count; n++) to.send({ from, n });
}, { to: inbox.sendPort, from: i, count: perIsolate }, { debugName: `sender-${i}` })));
