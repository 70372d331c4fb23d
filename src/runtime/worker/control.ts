// Messages from the parent: pause, resume, kill, ping, errors fatal, and the work it sends
// (an Isolate.run computation, a pool task). A control message overtakes the events queued
// behind it on other ports: the parent counts what it posts (BootData.controlSignal), and
// the isolate takes what is counted off its port before each event.
import { receiveMessageOnPort } from 'node:worker_threads';
import type { PoolTask, RunJob, SpawnOrder, ToIsolate } from '../controlMessages';
import { context } from '../isolateContext';
import { decodeMessage } from '../wire';
import { bootData, send, setErrorsFatal, toParent } from './parentLink';

/** What the isolate does with work from its parent. The boot passes the roles' handlers in,
 * so this module imports none of them: the pool's idle poll imports this module. */
export interface WorkHandlers {
  run(job: RunJob): void;
  spawn(order: SpawnOrder): void;
  /** The pool tasks of one message, to run in their order after those already taken. */
  task(tasks: PoolTask[]): void;
}

let work: WorkHandlers;
let controlSignal: Int32Array;

/** Listens to the parent's messages, and lets its control messages overtake other events. */
export function listenToParent(handlers: WorkHandlers): void {
  work = handlers;
  controlSignal = bootData().controlSignal;
  const port = toParent();
  port.on('message', handleControl);
  context.beforeEvent = () => {
    while (Atomics.load(controlSignal, 0) > 0) {
      const next = receiveMessageOnPort(port);
      if (!next) break;
      handleControl(next.message);
    }
  };
}

/** Every message from the parent, whether the event loop or a poll took it off the port. */
export function handleControl(raw: unknown): void {
  Atomics.sub(controlSignal, 0, 1);
  onControl(decodeMessage(raw) as ToIsolate);
}

function onControl(message: ToIsolate): void {
  // Meant for an isolate this thread was before (Isolate.run reuses threads): dropped.
  if ('to' in message && message.to !== context.isolateId) return;
  switch (message.type) {
    case 'pause':
      context.pause(message.capability, message.by);
      return;
    case 'resume':
      context.resume(message.capability, message.by);
      return;
    case 'kill':
      send({ type: 'exiting', reason: 'killed' });
      process.exit(0);
      return;
    case 'ping':
      message.port.send(message.response);
      return;
    case 'setErrorsFatal':
      setErrorsFatal(message.value);
      return;
    case 'run':
      work.run(message.job);
      return;
    case 'spawn':
      work.spawn(message.order);
      return;
    case 'tasks':
      work.task(message.tasks);
      return;
  }
}
