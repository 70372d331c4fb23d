// The sending end of a port. A SendPort can be copied to any isolate inside a message; each
// thread holds at most one live SendPort object per port (so `===` works and messages from
// one isolate to one port keep their order), backed by a MessagePort straight to the
// owning thread: sends never hop through a third thread.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { context } from './isolateContext';
import { beginSend, estimateSize, markInternal, recordSend, threadConfig, tracingOn } from './tracer';
import { callerLocation } from './callerLocation';
import { postEncoded, registerReviver, shippable, type Encoding, type Shippable, type WireMarker } from './wire';
import type { PortCore } from './receivePort';

/** Frame sent on a port's channel to hand the owner a new channel for a new copy. */
export const ATTACH_KEY = '__isoscope_attach__';

const localPorts = new Map<number, PortCore>();
const remotePorts = new Map<string, WeakRef<SendPort>>();
const closeWhenCollected = new FinalizationRegistry<{ key: string; port: MessagePort }>(({ key, port }) => {
  port.close();
  if (remotePorts.get(key)?.deref() === undefined) remotePorts.delete(key);
});

export function registerLocalPort(core: PortCore): void {
  localPorts.set(core.id, core);
}
export function unregisterLocalPort(core: PortCore): void {
  localPorts.delete(core.id);
}

/** Sends messages to a ReceivePort or RawReceivePort, in this isolate or another. */
export class SendPort implements Shippable {
  readonly [shippable] = true;
  readonly #isolateId: number;
  readonly #portId: number;
  readonly #core: PortCore | undefined;
  readonly #channel: MessagePort;
  readonly #traced: boolean;

  private constructor(isolateId: number, portId: number, channel: MessagePort, core: PortCore | undefined, traced: boolean) {
    this.#isolateId = isolateId;
    this.#portId = portId;
    this.#channel = markInternal(channel);
    this.#core = core;
    this.#traced = traced;
  }

  /** @internal The SendPort of a port this isolate owns. */
  static local(core: PortCore, channel: MessagePort): SendPort {
    return new SendPort(context.isolateId, core.id, channel, core, core.traced);
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
    if (this.#traced && tracingOn()) this.#tracedPost(message, {});
    else postEncoded(message, (payload, transfer) => this.#channel.postMessage(payload, transfer));
  }

  /** @internal Posts a payload that is already encoded; used by Isolate.exit. */
  postRaw(message: unknown, options: { moveBuffers: boolean }): void {
    if (this.#core?.closed) return;
    if (this.#traced && tracingOn()) this.#tracedPost(message, options);
    else postEncoded(message, (payload, transfer) => this.#channel.postMessage(payload, transfer), options);
  }

  /** A send recorded in the trace: its id travels with it to the receive. */
  #tracedPost(message: unknown, options: { moveBuffers?: boolean }): void {
    let pending = beginSend();
    const traceId = pending?.msg;
    // Measured before encoding puts its temporary markers on the runtime objects inside.
    const bytes = estimateSize(message);
    const location = threadConfig()?.captureLocations ? callerLocation() : undefined;
    postEncoded(
      message,
      (payload, transfer) => {
        // Once, though a refused transfer makes postEncoded post a second time. (A post that
        // then throws leaves a send that is never received.)
        recordSend(pending, message, { bytes, to: this.#isolateId, port: this.key, transfer, location });
        pending = undefined;
        this.#channel.postMessage(payload, transfer);
      },
      traceId === undefined ? options : { ...options, traceId },
    );
  }

  /** @internal Gives the receiver its own channel to the owner of this port. */
  toWire(encoding: Encoding): WireMarker {
    const { port1, port2 } = new MessageChannel();
    markInternal(port1);
    markInternal(port2);
    if (this.#core) {
      this.#core.attach(port2);
    } else {
      this.#channel.postMessage({ [ATTACH_KEY]: port2 }, [port2]);
    }
    encoding.transfer.push(port1);
    encoding.onRollback(() => port1.close());
    return { k: 'sendPort', isolate: this.#isolateId, port: this.#portId, channel: port1, traced: this.#traced };
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
        return core ? core.sendPort : new SendPort(isolateId, portId, new MessageChannel().port1, undefined, false);
      }
      const key = `${isolateId}:${portId}`;
      const existing = remotePorts.get(key)?.deref();
      if (existing) {
        channel.close();
        return existing;
      }
      const sendPort = new SendPort(isolateId, portId, channel, undefined, marker['traced'] !== false);
      remotePorts.set(key, new WeakRef(sendPort));
      closeWhenCollected.register(sendPort, { key, port: channel });
      return sendPort;
    });
  }
}
