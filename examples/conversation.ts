// A long-lived two-way conversation over ports: the isolate sends back its own SendPort.
import { Isolate, ReceivePort, SendPort } from 'isoscope';

const fromWorker = new ReceivePort('from-worker');
await Isolate.spawn((toMain: SendPort) => {
  const inbox = new ReceivePort('worker-inbox');
  toMain.send(inbox.sendPort); // the handshake
  inbox.listen((question: string | null) => {
    if (question === null) {
      inbox.close(); // nothing left open: the isolate ends by itself
      return;
    }
    toMain.send(`${question.length} characters, ${question.split(' ').length} words`);
  });
}, fromWorker.sendPort, { debugName: 'analyst' });

const questions = ['hello isolates', 'how long is this sentence', 'bye'];
let toWorker: SendPort | undefined;
for await (const message of fromWorker) {
  if (message instanceof SendPort) {
    toWorker = message;
  } else {
    console.log(`  "${questions.shift()}" -> ${message}`);
  }
  if (questions.length === 0) break; // leaving the loop closes our port
  toWorker!.send(questions[0]!);
}
toWorker!.send(null);
console.log('conversation over: both sides closed their ports');
