// The receiving end of a port, owned by one isolate. A port has one MessageChannel for
// sends from its own isolate (its listening end also keeps the isolate alive while the port
// is open), and one more channel for each copy of its SendPort held by another thread. Each
// channel counts the messages that arrive on it, as its sending end counts those it posts:
// the trace names a message by the channel's number and that count (see channelIds.ts).
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { context } from './isolateContext';
import { decodeMessage } from './wire';
import { tracer } from './tracing/core';
import { Errors } from './errors';
import { ATTACH, SKIP, frameKind, type AttachFrame } from './frames';
import { SendPort, registerLocalPort, unregisterLocalPort, type LocalPort } from './sendPort';

const { markInternal, newChannelId, rawNow, record, recordReceiveRecord, traceNow, tracingOn } = tracer;

let nextPortId = 1;

/** The machinery behind ReceivePort and RawReceivePort. */
export class PortCore implements LocalPort {
  readonly id = nextPortId++;
  readonly debugName: string;
  /** Runtime machinery (the control port) stays out of the trace. */
  readonly traced: boolean;
  closed = false;
  readonly sendPort: SendPort;
  private readonly local = new MessageChannel();
  /** Other threads' channels into this port, each with its count of arrivals. */
  private readonly attached = new Map<MessagePort, ChannelEnd>();
  private readonly onMessage: (message: unknown) => void;

  constructor(debugName: string, onMessage: (message: unknown) => void, traced = true) {
    this.debugName = debugName;
    this.onMessage = onMessage;
    this.traced = traced;
    markInternal(this.local.port1);
    markInternal(this.local.port2);
    const local = new ChannelEnd(newChannelId());
    this.local.port2.on('message', (raw: unknown) => this.receive(raw, local));
    this.sendPort = SendPort.local(this, this.local.port1, local.id);
    registerLocalPort(this);
    if (traced && tracingOn()) record({ type: 'portOpen', t: traceNow(), isolate: context.isolateId, port: this.sendPort.key, ...(debugName ? { debugName } : {}) });
  }

  /** Connects another thread's copy of our SendPort, on channel number `channelId`. */
  attach(port: MessagePort, channelId: number): void {
    if (this.closed) {
      port.close();
      return;
    }
    markInternal(port);
    const end = new ChannelEnd(channelId);
    this.attached.set(port, end);
    port.on('message', (raw: unknown) => this.receive(raw, end));
    port.on('close', () => this.attached.delete(port));
    // Liveness is the local channel's job; remote copies do not keep this isolate alive.
    port.unref();
  }

  private receive(raw: unknown, end: ChannelEnd): void {
    const kind = frameKind(raw);
    if (kind === ATTACH) {
      const frame = raw as AttachFrame;
      this.attach(frame.port as MessagePort, frame.channel);
      return;
    }
    if (kind === SKIP) {
      end.arrived++;
      return;
    }
    const seq = ++end.arrived;
    if (this.closed) return;
    const message = decodeMessage(raw, kind);
    if (this.traced && tracingOn()) context.deliverTracedTo(this, message, end.id, seq);
    else context.deliverTo(this, message);
  }

  /** Delivers now what other threads have posted to this port and this thread has not yet
   * taken: an isolate's exit response must follow what the isolate sent before it ended, and
   * the two come on different channels. A listener that throws does so as it would from its
   * own message event (an uncaught error), after the rest are delivered. */
  takeArrived(): void {
    for (let seen = -1; seen !== this.attached.size && !this.closed; ) {
      seen = this.attached.size;
      for (const [port, end] of [...this.attached]) {
        for (let next = receiveMessageOnPort(port); next !== undefined && !this.closed; next = receiveMessageOnPort(port)) {
          try {
            this.receive(next.message, end);
          } catch (error) {
            process.nextTick(() => {
              throw error;
            });
          }
        }
      }
    }
  }

  /** Runs one message event (called by the isolate context, which may have held it). */
  dispatch(message: unknown): void {
    if (!this.closed) this.onMessage(message);
  }

  /** dispatch() for a traced message: `seq` on channel `channel`. */
  dispatchTraced(message: unknown, channel: number, seq: number): void {
    if (this.closed) return;
    if (tracingOn()) recordReceiveRecord(rawNow(), channel, seq, this.id);
    this.onMessage(message);
  }

  /** An internal port must not keep its isolate alive. */
  unref(): void {
    this.local.port2.unref();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.traced && tracingOn()) record({ type: 'portClose', t: traceNow(), isolate: context.isolateId, port: this.sendPort.key });
    this.local.port1.close();
    this.local.port2.close();
    for (const port of this.attached.keys()) port.close();
    this.attached.clear();
    unregisterLocalPort(this);
  }
}

/** The receiving end of one channel into a port. */
class ChannelEnd {
  arrived = 0;
  constructor(readonly id: number) {}
}

/** A port that calls a handler for each message. Mirrors dart:isolate's RawReceivePort. */
export class RawReceivePort {
  /** Called with each message, in arrival order. */
  handler: ((message: any) => void) | undefined;
  private readonly core: PortCore;

  /** `traced` is internal: the runtime's own control port passes false. */
  constructor(handler?: (message: any) => void, debugName = '', traced = true) {
    this.handler = handler;
    this.core = new PortCore(debugName, (message) => this.handler?.(message), traced);
  }
  get sendPort(): SendPort {
    return this.core.sendPort;
  }
  /** Internal ports of the runtime do not keep the program alive. */
  keepIsolateAlive(keep: boolean): void {
    if (!keep) this.core.unref();
  }
  close(): void {
    this.core.close();
  }
}

type Subscription = { cancel(): void };

/** A port whose messages are a single-subscription stream. Mirrors dart:isolate's
 * ReceivePort: messages that arrive before `listen` wait for it; an open port keeps the
 * isolate (and so the program) alive. */
export class ReceivePort implements AsyncIterable<any> {
  private readonly core: PortCore;
  private readonly buffered: unknown[] = [];
  private listener: ((message: any) => void) | undefined;
  private onDone: (() => void) | undefined;
  private listened = false;

  constructor(debugName = '') {
    this.core = new PortCore(debugName, (message) => {
      if (this.listener) this.listener(message);
      else this.buffered.push(message);
    });
  }

  get sendPort(): SendPort {
    return this.core.sendPort;
  }

  get isClosed(): boolean {
    return this.core.closed;
  }

  /** Receives every message, in order; `onDone` runs when the port closes. */
  listen(onData: (message: any) => void, options: { onDone?: () => void } = {}): Subscription {
    if (this.listened) throw Errors.alreadyListened();
    this.listened = true;
    this.listener = onData;
    this.onDone = options.onDone;
    if (this.buffered.length > 0) {
      const early = this.buffered.splice(0);
      for (const message of early) context.deliver(() => this.listener?.(message));
    }
    return { cancel: () => this.close() };
  }

  /** The first message; the port closes once it has arrived. */
  first(): Promise<any> {
    return new Promise((resolve) => {
      this.listen((message) => {
        this.close();
        resolve(message);
      });
    });
  }

  close(): void {
    if (this.core.closed) return;
    this.core.close();
    this.listener = undefined;
    const done = this.onDone;
    this.onDone = undefined;
    done?.();
  }

  /** `for await (const message of port)`; leaving the loop closes the port. */
  [Symbol.asyncIterator](): AsyncIterator<any> {
    const waiting: ((result: IteratorResult<any>) => void)[] = [];
    const ready: unknown[] = [];
    let done = false;
    this.listen(
      (message) => {
        const next = waiting.shift();
        if (next) next({ value: message, done: false });
        else ready.push(message);
      },
      {
        onDone: () => {
          done = true;
          for (const next of waiting.splice(0)) next({ value: undefined, done: true });
        },
      },
    );
    return {
      next: () => {
        if (ready.length > 0) return Promise.resolve({ value: ready.shift(), done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => waiting.push(resolve));
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
