// The isolate's link to the thread that spawned it, shared by every role of the worker side
// (a spawned entry, an Isolate.run computation, a pool worker): the port to the parent, the
// boot data the parent sent, and what an uncaught error does.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { BootData, FromIsolate } from '../controlMessages';
import { serializeError } from '../errors';
import { setCurrentIsolate } from '../isolate';
import { context } from '../isolateContext';
import { decodeMessage, postEncoded } from '../wire';
import { tracer } from '../tracing/core';

const { markInternal } = tracer;

let port: MessagePort;
let boot: BootData;
let errorsAreFatal = true;

/** Takes the port to the parent and decodes the boot data it sent; called once, at boot. */
export function connectToParent(): BootData {
  port = markInternal(parentPort!);
  boot = decodeMessage(workerData) as BootData;
  errorsAreFatal = boot.errorsAreFatal;
  return boot;
}

/** The port to the parent: control messages come in on it, results and exits go out. */
export function toParent(): MessagePort {
  return port;
}

/** What the parent started this isolate with. */
export function bootData(): BootData {
  return boot;
}

/** A thread Isolate.run reuses is a new isolate for each computation, with capabilities of
 * its own: Isolate.current carries them from now on. */
export function setCapabilities(pause: BootData['pauseCapability'], terminate: BootData['terminateCapability']): void {
  boot.pauseCapability = pause;
  boot.terminateCapability = terminate;
}

/** Names this isolate, in its context and in Isolate.current (a spare for Isolate.run is
 * named again when it is given its computation). */
export function nameIsolate(debugName: string): void {
  context.debugName = debugName;
  if (boot.controlPort) setCurrentIsolate(context.isolateId, debugName, boot.controlPort, boot.pauseCapability, boot.terminateCapability);
}

/** Sends a message to the parent. */
export function send(message: FromIsolate): void {
  postEncoded(message, (payload, transfer) => port.postMessage(payload, transfer));
}

/** Whether an uncaught error ends the isolate (Isolate.setErrorsFatal). */
export function setErrorsFatal(value: boolean): void {
  errorsAreFatal = value;
}

/** Reports an error nobody caught; with errors fatal, the isolate then ends. */
export function reportUncaught(error: unknown): void {
  send({ type: 'uncaught', error: serializeError(error), fatal: errorsAreFatal });
  if (errorsAreFatal) {
    send({ type: 'exiting', reason: 'error' });
    process.exit(1);
  }
}
