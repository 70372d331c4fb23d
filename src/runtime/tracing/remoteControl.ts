// The traced program's side of the editor's control requests (src/protocol/liveControl.ts):
// kill, pause or resume one isolate. Only the thread that hosts an isolate can act on it (it
// owns the Worker), and the request arrives on the main thread's socket, so the main thread
// hands each checked order to every thread on one BroadcastChannel; the thread hosting the
// isolate acts, the others ignore it. Threads register what they host (Isolate API isolates:
// isolateManager.ts; plain Workers: workerThreadsPatch.ts) and listen only then, with the
// channel unref'd: it never keeps a program alive. Nothing listens unless the extension
// started the program (ISOSCOPE_CONTROL=1), so a program run any other way accepts no control.
// Each bundle that loads this file (the runtime's, the preload's) has its own copy and channel:
// a copy acts on what it registered, and every copy hears every order.
import * as workerThreads from 'node:worker_threads';
import type { ControlOrder } from '../../protocol/liveControl';
import { tracer } from './core';

const CHANNEL = 'isoscope.control';

/** What a thread can do to an isolate it hosts. Pause and resume are absent where the
 * isolate cannot be paused (a plain worker_threads Worker). */
export interface Controllable {
  kill(priority: 'immediate' | 'beforeNextEvent'): void;
  pause?(): void;
  resume?(): void;
  /** The editor is gone: lift whatever it holds (its pause). */
  release?(): void;
}

/** An order to every thread: carry out a checked request, or (the reader's socket closed)
 * release what the editor holds. */
type Broadcast = ControlOrder | { release: true };

const hosted = new Map<number, Controllable>();
let channel: workerThreads.BroadcastChannel | undefined;

/** Whether the program was started to be controlled by the editor. */
export function controlEnabled(): boolean {
  return process.env['ISOSCOPE_CONTROL'] === '1';
}

/** This thread hosts isolate `id`: orders for it are carried out on `target`. */
export function hostControllable(id: number, target: Controllable): void {
  if (!controlEnabled()) return;
  hosted.set(id, target);
  if (!channel) {
    channel = openChannel();
    channel.onmessage = (event) => {
      const order = (event as unknown as { data: Broadcast }).data;
      if ('release' in order) for (const target of hosted.values()) target.release?.();
      else carryOut(order);
    };
  }
}

export function forgetControllable(id: number): void {
  hosted.delete(id);
}

/** On the main thread: hands a checked order to every thread (this one's listeners too). */
export function dispatchControl(order: ControlOrder): void {
  broadcast(order);
}

/** On the main thread: the editor's socket closed; every thread lifts the editor's pauses. */
export function releaseEditorHolds(): void {
  broadcast({ release: true });
}

function broadcast(message: Broadcast): void {
  const sender = openChannel();
  sender.postMessage(message);
  sender.close();
}

function carryOut(order: ControlOrder): void {
  const target = hosted.get(order.isolate);
  if (!target) return; // another thread's, or gone
  if (order.action === 'kill') {
    target.kill(order.priority ?? 'beforeNextEvent');
  } else if (!target[order.action]) {
    process.stderr.write(`isoscope: cannot ${order.action} isolate ${order.isolate} from the editor: it is a plain worker_threads Worker, which has no ${order.action}\n`);
  } else {
    target[order.action]!();
  }
}

/** A channel the tracer leaves alone: made quietly, so the preload's BroadcastChannel (which
 * would record the orders as the program's own messages) does not mark it. */
function openChannel(): workerThreads.BroadcastChannel {
  const opened = tracer.quietly(() => new workerThreads.BroadcastChannel(CHANNEL));
  opened.unref();
  return opened;
}
