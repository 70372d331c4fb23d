// The Isolate handle: a reference to an isolate that can pause, resume, kill and watch it.
// Mirrors dart:isolate's Isolate. Every request goes to the isolate's controlPort, which
// belongs to the thread hosting the isolate; a handle can itself be sent to other isolates.
// Every Isolate handle is made here: from the records spawn.ts returns, for the isolate the
// code runs in (Isolate.current), and from the wire. What this module imports to start and
// control isolates knows no Isolate class, so nothing imports it back.
import { isMainThread, parentPort } from 'node:worker_threads';
import { Capability } from './capability';
import { Errors, RemoteError } from "./errors";
import { ReceivePort, RawReceivePort } from './receivePort';
import type { SendPort } from './sendPort';
import type { ChildIsolate } from './childIsolate';
import { BEFORE_NEXT_EVENT, IMMEDIATE, type ControlRequest, type FromIsolate } from './controlMessages';
import { registerReviver, shippable, type Shippable, type WireMarker } from './wire';
import { controlLocally, managerPort, selfCapabilities } from './isolateManager';
import { spawnFunction, spawnModule, type SpawnOptions } from './spawn';
import { runInIsolate, type RunOptions } from './run';
import { callerLocation } from './callerLocation';
import { context } from './isolateContext';
import { tracer } from './tracing/core';

const { record, traceNow, tracingOn } = tracer;

/** Isolate.current: set by the worker side at boot, made on first use in the main thread. */
let current: Isolate | undefined;

export class Isolate implements Shippable {
  readonly [shippable] = true;
  /** Kill or ping priority: act now, even while the isolate is busy. */
  static readonly immediate = IMMEDIATE;
  /** Kill or ping priority: act when the isolate's current event has finished. */
  static readonly beforeNextEvent = BEFORE_NEXT_EVENT;

  /** The isolate's id: its worker thread's threadId (0 for the main isolate). */
  readonly id: number;
  readonly debugName: string;
  /** Where this handle's requests go: a port in the thread that hosts the isolate. */
  readonly controlPort: SendPort;
  /** Needed to pause the isolate; null on handles that may not. */
  readonly pauseCapability: Capability | null;
  /** Needed to kill the isolate or change its error handling; null on handles that may not. */
  readonly terminateCapability: Capability | null;

  constructor(id: number, debugName: string, controlPort: SendPort, pauseCapability: Capability | null, terminateCapability: Capability | null) {
    this.id = id;
    this.debugName = debugName;
    this.controlPort = controlPort;
    this.pauseCapability = pauseCapability;
    this.terminateCapability = terminateCapability;
  }

  /** The isolate this code runs in. */
  static get current(): Isolate {
    if (!current) {
      if (!isMainThread) throw Errors.notAnIsolate('Isolate.current');
      const { pause, terminate } = selfCapabilities();
      current = new Isolate(context.isolateId, context.debugName, managerPort(), pause, terminate);
    }
    return current;
  }

  /** Starts `entry(message)` in a new isolate. `entry` travels as source, so it must be
   * self-contained; its require() and import() resolve relative to the calling module. */
  static async spawn<T>(entry: (message: T) => unknown, message: T, options: SpawnOptions = {}): Promise<Isolate> {
    return handleFor(await spawnFunction(entry, message, options));
  }

  /** Starts a new isolate running `main(args, message)` exported by the module at `moduleUrl`
   * (a file: URL, or a path relative to the calling module). */
  static async spawnUri(moduleUrl: string | URL, args: string[], message: unknown, options: SpawnOptions = {}): Promise<Isolate> {
    return handleFor(await spawnModule(moduleUrl, args, message, options));
  }

  /** Runs `computation(...args)` in a fresh isolate and returns its result, moved rather than
   * copied. Rejects with the computation's error (same name, message, remote stack). */
  static run<R, A extends unknown[] = []>(computation: (...args: A) => R | Promise<R>, options: RunOptions<A> = {}): Promise<Awaited<R>> {
    return runInIsolate(computation, options);
  }

  /** Ends the current isolate, handing `message` to `port` with its ArrayBuffers moved. */
  static exit(port?: SendPort, message?: unknown): never {
    // Said before the exit, or the parent would take exit code 0 for a return.
    if (!isMainThread) parentPort?.postMessage({ type: 'exiting', reason: 'exited' } satisfies FromIsolate);
    port?.postRaw(message, { moveBuffers: true });
    process.exit(0);
  }

  /** Pauses the isolate until `resume` is called with the same capability. Messages wait. */
  pause(resumeCapability: Capability = new Capability()): Capability {
    this.request({ op: 'pause', target: this.id, auth: this.pauseCapability, capability: resumeCapability });
    return resumeCapability;
  }

  resume(resumeCapability: Capability): void {
    this.request({ op: 'resume', target: this.id, capability: resumeCapability });
  }

  /** Kills the isolate. `Isolate.immediate` stops it even inside `while (true) {}`;
   * `Isolate.beforeNextEvent` (the default) lets its current event finish. A dead isolate
   * is left alone. */
  kill(options: { priority?: number } = {}): void {
    if (tracingOn()) {
      const location = callerLocation();
      record({ type: 'kill', t: traceNow(), isolate: this.id, by: context.isolateId, priority: options.priority === Isolate.immediate ? 'immediate' : 'beforeNextEvent', ...(location ? { location } : {}) });
    }
    this.request({ op: 'kill', target: this.id, auth: this.terminateCapability, priority: options.priority ?? Isolate.beforeNextEvent });
  }

  /** Sends `response` (default null) to `port` once the isolate has handled the ping. */
  ping(port: SendPort, options: { response?: unknown; priority?: number } = {}): void {
    this.request({ op: 'ping', target: this.id, port, response: options.response ?? null, priority: options.priority ?? Isolate.immediate });
  }

  /** Sends `response` (default null) to `port` when the isolate exits. If it has already
   * exited, the response is sent at once, so awaiting it never hangs. */
  addOnExitListener(port: SendPort, options: { response?: unknown } = {}): void {
    this.request({ op: 'addOnExit', target: this.id, port, response: options.response ?? null });
  }

  removeOnExitListener(port: SendPort): void {
    this.request({ op: 'removeOnExit', target: this.id, port });
  }

  /** Sends each uncaught error of the isolate to `port` as [message, stack] (two strings). */
  addErrorListener(port: SendPort): void {
    this.request({ op: 'addError', target: this.id, port });
  }

  removeErrorListener(port: SendPort): void {
    this.request({ op: 'removeError', target: this.id, port });
  }

  /** With true (the default at spawn), an uncaught error ends the isolate. */
  setErrorsFatal(errorsAreFatal: boolean): void {
    this.request({ op: 'setErrorsFatal', target: this.id, auth: this.terminateCapability, value: errorsAreFatal });
  }

  /** The isolate's uncaught errors as RemoteErrors; the iteration ends when it exits. */
  get errors(): AsyncIterable<RemoteError> {
    return {
      [Symbol.asyncIterator]: () => {
        const port = new ReceivePort('errors');
        const exit = new RawReceivePort(() => {
          exit.close();
          // Errors sent before the exit are already queued on `port`: close after them.
          port.sendPort.send(null);
        }, 'errors-exit');
        this.addErrorListener(port.sendPort);
        this.addOnExitListener(exit.sendPort);
        const messages = port[Symbol.asyncIterator]();
        return {
          next: async (): Promise<IteratorResult<RemoteError>> => {
            const { value, done } = await messages.next();
            if (done || value === null) {
              port.close();
              exit.close();
              return { value: undefined, done: true };
            }
            const [description, stack] = value as [string, string];
            return { value: new RemoteError(description, stack), done: false };
          },
          return: async (): Promise<IteratorResult<RemoteError>> => {
            this.removeErrorListener(port.sendPort);
            port.close();
            exit.close();
            return { value: undefined, done: true };
          },
        };
      },
    };
  }

  toString(): string {
    return `Isolate(${this.id}, ${JSON.stringify(this.debugName)})`;
  }

  private request(request: ControlRequest): void {
    // A request for an isolate this thread hosts is acted on synchronously, so that it is
    // ordered before anything this thread sends next (pause, then send, then resume).
    if (!controlLocally(this.controlPort, request)) this.controlPort.send(request);
  }

  /** @internal */
  toWire(): WireMarker {
    return { k: 'isolate', id: this.id, debugName: this.debugName, controlPort: this.controlPort, pause: this.pauseCapability, terminate: this.terminateCapability };
  }

  static {
    registerReviver('isolate', (m) => new Isolate(m['id'] as number, m['debugName'] as string, m['controlPort'] as SendPort, m['pause'] as Capability | null, m['terminate'] as Capability | null));
  }
}

/** The handle for an isolate this thread has spawned: its requests come to this thread. */
function handleFor(child: ChildIsolate): Isolate {
  return new Isolate(child.id, child.debugName, managerPort(), child.pauseCapability, child.terminateCapability);
}

/** Sets Isolate.current inside a worker, from the boot data its parent sent. */
export function setCurrentIsolate(id: number, debugName: string, controlPort: SendPort, pauseCapability: Capability | null, terminateCapability: Capability | null): void {
  current = new Isolate(id, debugName, controlPort, pauseCapability, terminateCapability);
}
