// The sending end of a port. A SendPort can be copied to any isolate inside a message; each
// thread holds at most one live SendPort object per port (so `===` works and messages from
// one isolate to one port keep their order), backed by a MessagePort straight to the
// owning thread: sends never hop through a third thread. Each such channel has a number,
// and both ends count its messages: a traced message is named by (channel, count) in the
// trace, so no id has to travel with it.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { context } from './isolateContext';
import { tracer } from './tracing/core';
import type { RawMicros } from './tracing/coreApi';
import { estimateSize, lastBufferBytes, transferredBytes } from './tracing/messageSize';
import { callerLocation } from './callerLocation';
import { isPlainMessage, postEncoded, postPlain, registerReviver, shippable, type Encoding, type Shippable, type WireMarker } from './wire';
import { SKIP_FRAME, attachFrame } from './frames';

const { markInternal, newChannelId, rawNow, recordChannelSend, recordSendRecord, threadConfig, tracingOn } = tracer;

/** What a SendPort needs of its port when that port belongs to this isolate: receivePort.ts's
 * PortCore. Described here rather than imported, since receivePort.ts imports this module. */
export interface LocalPort {
  readonly id: number;
  readonly closed: boolean;
  readonly traced: boolean;
  readonly sendPort: SendPort;
  attach(port: MessagePort, channelId: number): void;
  takeArrived(): void;
}

const localPorts = new Map<number, LocalPort>();
const remotePorts = new Map<string, WeakRef<SendPort>>();
const closeWhenCollected = new FinalizationRegistry<{ key: string; port: MessagePort }>(({ key, port }) => {
  port.close();
  if (remotePorts.get(key)?.deref() === undefined) remotePorts.delete(key);
});

/** Makes a port of this isolate findable by id, for SendPorts of it that come back here. */
export function registerLocalPort(core: LocalPort): void {
  localPorts.set(core.id, core);
}

/** How many ports of this thread are open. */
export function openLocalPorts(): number {
  return localPorts.size;
}

/** Forgets a closed port of this isolate. */
export function unregisterLocalPort(core: LocalPort): void {
  localPorts.delete(core.id);
}

const NO_OPTIONS = {};

/** Sends messages to a ReceivePort or RawReceivePort, in this isolate or another. */
export class SendPort implements Shippable {
  readonly [shippable] = true;
  readonly #isolateId: number;
  readonly #portId: number;
  readonly #core: LocalPort | undefined;
  readonly #channel: MessagePort;
  readonly #traced: boolean;
  /** The channel's number, and how many messages this end has posted on it. */
  readonly #channelId: number;
  #posted = 0;

  private constructor(isolateId: number, portId: number, channel: MessagePort, channelId: number, core: LocalPort | undefined, traced: boolean) {
    this.#isolateId = isolateId;
    this.#portId = portId;
    this.#channel = markInternal(channel);
    this.#channelId = channelId;
    this.#core = core;
    this.#traced = traced;
  }

  /** @internal The SendPort of a port this isolate owns. */
  static local(core: LocalPort, channel: MessagePort, channelId: number): SendPort {
    return new SendPort(context.isolateId, core.id, channel, channelId, core, core.traced);
  }

  /** The isolate that owns the receiving end. */
  get isolateId(): number {
    return this.#isolateId;
  }

  /** The port's id within its isolate. */
  get portId(): number {
    return this.#portId;
  }

  /** Sends a copy of `message`. Messages from one isolate to one port arrive in order.
   * Sending to a closed port does nothing, as in Dart. Throws IsolateMessageError, naming
   * the part of the message that cannot be copied (a function, a symbol, a Promise…). */
  send(message: unknown): void {
    if (this.#core?.closed) return;
    if (this.#traced && tracingOn()) this.#tracedPost(message, NO_OPTIONS);
    else {
      if (isPlainMessage(message)) postPlain(message, this.#channel);
      else postEncoded(message, (payload, transfer) => this.#channel.postMessage(payload, transfer));
      this.#posted++;
    }
  }

  /** @internal Posts a payload that is already encoded; used by Isolate.exit. */
  postRaw(message: unknown, options: { moveBuffers: boolean }): void {
    if (this.#core?.closed) return;
    if (this.#traced && tracingOn()) this.#tracedPost(message, options);
    else {
      postEncoded(message, (payload, transfer) => this.#channel.postMessage(payload, transfer), options);
      this.#posted++;
    }
  }

  /** A send recorded in the trace, before it is posted (a thread killed right after posting
   * must not leave a receive without its send). A post that is then refused has consumed its
   * number: a SKIP frame takes its place on the channel, so the receiver's count stays even. */
  #tracedPost(message: unknown, options: { moveBuffers?: boolean }): void {
    const t = rawNow();
    // Measured before encoding puts its temporary markers on the runtime objects inside.
    const bytes = estimateSize(message);
    if (options === NO_OPTIONS && isPlainMessage(message)) {
      this.#recordSend(t, ++this.#posted, bytes, 0, 0);
      try {
        postPlain(message, this.#channel);
      } catch (error) {
        this.#channel.postMessage(SKIP_FRAME);
        throw error;
      }
      return;
    }
    const buffers = lastBufferBytes();
    let seq = 0;
    try {
      postEncoded(
        message,
        (payload, transfer) => {
          // Once, though a refused transfer makes postEncoded post a second time.
          if (seq === 0) {
            seq = ++this.#posted;
            const transferred = transferredBytes(transfer);
            this.#recordSend(t, seq, bytes, transferred, Math.max(0, buffers - transferred));
          }
          this.#channel.postMessage(payload, transfer);
        },
        options,
      );
    } catch (error) {
      if (seq !== 0) this.#channel.postMessage(SKIP_FRAME);
      throw error;
    }
  }

  #recordSend(t: RawMicros, seq: number, bytes: number, transferred: number, bufferBytes: number): void {
    if (!tracingOn()) return;
    if (threadConfig()!.captureLocations) {
      recordChannelSend(this.#channelId, seq, t, { bytes, transferred, bufferBytes, to: this.#isolateId, port: this.key, location: callerLocation() });
    } else {
      recordSendRecord(t, this.#channelId, seq, bytes, transferred, bufferBytes, this.#isolateId, this.#portId);
    }
  }

  /** @internal When the port is this thread's own: delivers what other threads have posted
   * to it so far, so that a message sent now comes after them (see PortCore.takeArrived). */
  takeArrived(): void {
    this.#core?.takeArrived();
  }

  /** @internal Gives the receiver its own channel to the owner of this port. */
  toWire(encoding: Encoding): WireMarker {
    const { port1, port2 } = new MessageChannel();
    markInternal(port1);
    markInternal(port2);
    const channelId = newChannelId();
    if (this.#core) {
      this.#core.attach(port2, channelId);
    } else {
      this.#channel.postMessage(attachFrame(port2, channelId), [port2]);
    }
    encoding.transfer.push(port1);
    encoding.onRollback(() => port1.close());
    return { k: 'sendPort', isolate: this.#isolateId, port: this.#portId, channel: port1, channelId, traced: this.#traced };
  }

  /** A key that is equal for every copy of this port, in any isolate. */
  get key(): string {
    return `${this.#isolateId}:${this.#portId}`;
  }

  toString(): string {
    return `SendPort(isolate ${this.#isolateId}, port ${this.#portId})`;
  }

  static {
    registerReviver('sendPort', (marker) => {
      const isolateId = marker['isolate'] as number;
      const portId = marker['port'] as number;
      const channel = marker['channel'] as MessagePort;
      if (isolateId === context.isolateId) {
        const core = localPorts.get(portId);
        channel.close();
        // A port that closed meanwhile keeps a SendPort whose sends go nowhere, as in Dart.
        return core ? core.sendPort : new SendPort(isolateId, portId, new MessageChannel().port1, 0, undefined, false);
      }
      const key = `${isolateId}:${portId}`;
      const existing = remotePorts.get(key)?.deref();
      if (existing) {
        channel.close();
        return existing;
      }
      const sendPort = new SendPort(isolateId, portId, channel, marker['channelId'] as number, undefined, marker['traced'] !== false);
      remotePorts.set(key, new WeakRef(sendPort));
      closeWhenCollected.register(sendPort, { key, port: channel });
      return sendPort;
    });
  }
}
