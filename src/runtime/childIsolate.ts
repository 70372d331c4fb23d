// The parent's record of one isolate it hosts: its worker, listeners, and how it ended. A
// thread that Isolate.run reuses is one record that is a new isolate (a new id, a new ring
// in the trace) for each computation: endComputation() ends the one, becomeIsolate() starts
// the next.
import type { Worker, TransferListItem } from 'node:worker_threads';
import type { Capability } from './capability';
import { capabilityId } from './capability';
import type { ExitReason, FromIsolate, ToIsolate } from './controlMessages';
import { Errors, IsolateSpawnException, type SerializedError } from './errors';
import type { SendPort } from './sendPort';
import { decodeMessage, postEncoded } from './wire';
import { tracer } from './tracing/core';
import type { SpawnDetails, TracedChild } from './tracing/coreApi';
import type { Micros } from '../protocol/time';

const { quietly, record, traceNow, tracingOn } = tracer;

export class ChildIsolate {
  /** The isolate's id: its worker's threadId, or (for a reused thread) its computation's. */
  id: number;
  debugName: string;
  readonly worker: Worker;
  /** Needed to pause or kill the isolate (a reused thread's each computation has its own). */
  pauseCapability: Capability;
  terminateCapability: Capability;
  readonly exitListeners = new Map<string, { port: SendPort; response: unknown }>();
  readonly errorListeners = new Map<string, SendPort>();
  alive = true;
  ready = false;
  exitReason: ExitReason | undefined;
  exitCode: number | undefined;
  /** Called with each message the worker sends that the record does not handle itself. */
  onMessage: ((message: FromIsolate) => void) | undefined;
  private readonly readyWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private readonly exitWaiters: ((reason: ExitReason) => void)[] = [];

  /** Whether the isolate's thread records into the trace (it started while tracing was on). */
  readonly traceable: boolean;
  /** The clock origin of the trace it started under, which names that trace. */
  readonly traceOrigin: number | undefined;
  private readonly controlSignal: Int32Array;
  private readonly onExit: (child: ChildIsolate) => void;
  private traced: TracedChild | undefined;
  private announced = false;
  private lastError: SerializedError | undefined;

  constructor(
    worker: Worker,
    debugName: string,
    pauseCapability: Capability,
    terminateCapability: Capability,
    controlSignal: Int32Array,
    onExit: (child: ChildIsolate) => void,
    traced?: TracedChild,
  ) {
    this.traced = traced;
    this.traceable = traced !== undefined;
    this.traceOrigin = traced?.config.origin;
    this.onExit = onExit;
    this.controlSignal = controlSignal;
    this.worker = worker;
    this.id = worker.threadId;
    this.debugName = debugName;
    this.pauseCapability = pauseCapability;
    this.terminateCapability = terminateCapability;
    worker.on('message', (raw: unknown) => this.receive(decodeMessage(raw) as FromIsolate));
    worker.on('error', (error: Error) => {
      // Errors the isolate's own handlers could not catch (it failed while starting).
      if (!this.ready) this.failReady(Errors.workerStartFailed(error));
      else this.reportError({ name: error.name, message: error.message, stack: error.stack ?? String(error) });
      this.lastError ??= { name: error.name, message: error.message, stack: error.stack ?? String(error) };
      this.exitReason ??= 'error';
    });
    worker.on('exit', (code: number) => {
      this.alive = false;
      this.exitCode = code;
      this.exitReason ??= code === 0 ? 'returned' : 'error';
      this.recordExit(code);
      if (!this.ready) this.failReady(Errors.workerStartFailed(new Error(`the isolate exited with code ${code} before it started`)));
      this.ended();
    });
  }

  /** Tells everyone waiting for the isolate's end, and its host. */
  private ended(): void {
    // After what the isolate sent to the same port (it came on the isolate's own channel).
    for (const { port, response } of this.exitListeners.values()) {
      port.takeArrived();
      port.send(response);
    }
    this.exitListeners.clear();
    for (const waiter of this.exitWaiters.splice(0)) waiter(this.exitReason!);
    this.onExit(this);
  }

  /** Isolate.run: the computation is over (it returned, or threw: `error`) and its thread
   * stays, idle, for the next one. The isolate the computation was ends here; the record
   * waits for becomeIsolate(). */
  endComputation(reason: 'returned' | 'error'): void {
    this.exitReason = reason;
    this.exitCode = 0;
    // Started with its computation, it never said ready: it is now.
    this.ready = true;
    this.recordExit(0);
    this.ended();
    this.announced = false;
    this.traced = undefined;
    this.exitReason = undefined;
    this.exitCode = undefined;
    this.lastError = undefined;
    this.onMessage = undefined;
    this.errorListeners.clear();
  }

  /** Isolate.run: the idle thread is now isolate `id`, traced with its own ring when `traced`
   * (announce() puts it in the trace). Its host adopts it again under the new id. */
  becomeIsolate(id: number, debugName: string, traced: TracedChild | undefined, capabilities: { pause: Capability; terminate: Capability }): void {
    this.id = id;
    this.debugName = debugName;
    this.traced = traced;
    this.pauseCapability = capabilities.pause;
    this.terminateCapability = capabilities.terminate;
  }

  /** A spare given an entry to load (Isolate.spawn): whenReady() waits for it again. */
  expectEntry(debugName: string): void {
    this.ready = false;
    this.debugName = debugName;
  }

  /** Puts the isolate in the trace (its spawn event); its events are read from then on. */
  announce(details: SpawnDetails, t?: Micros): void {
    if (!this.traced || this.announced || !this.alive) return;
    this.announced = true;
    this.traced.announce(this.worker, details, this.id, t);
  }

  private recordExit(code: number): void {
    if (this.announced && tracingOn()) {
      const error = this.exitReason === 'error' ? this.lastError : undefined;
      record({ type: 'exit', t: traceNow(), isolate: this.id, reason: this.exitReason!, code, ...(error ? { error: { message: `${error.name}: ${error.message}`, stack: error.stack } } : {}) });
    }
    this.traced?.exited();
  }

  /** Resolves once the isolate has loaded its entry; rejects with IsolateSpawnException. */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /** Resolves with how the isolate ended. */
  whenExited(): Promise<ExitReason> {
    if (!this.alive) return Promise.resolve(this.exitReason!);
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  post(message: ToIsolate, extraTransfer?: readonly TransferListItem[]): void {
    if (!this.alive) return;
    postEncoded(message, (payload, transfer) => {
      quietly(() => this.worker.postMessage(payload, transfer));
      Atomics.add(this.controlSignal, 0, 1);
    }, extraTransfer ? { extraTransfer } : {});
  }

  /** `by`: the editor asked (its control request), which the paused event says. */
  pause(capability: Capability, by?: 'editor'): void {
    this.post({ type: 'pause', to: this.id, capability: capabilityId(capability), ...(by ? { by } : {}) });
  }

  resume(capability: Capability, by?: 'editor'): void {
    this.post({ type: 'resume', to: this.id, capability: capabilityId(capability), ...(by ? { by } : {}) });
  }

  /** Ends an idle isolate that has done all its work (a pool closed after its tasks): its
   * exit is `returned`, not a kill. */
  close(): void {
    if (!this.alive) return;
    this.exitReason ??= 'returned';
    void this.worker.terminate();
  }

  /** Stops the worker now; V8 interrupts even a busy loop. */
  terminate(): void {
    if (!this.alive) return;
    this.exitReason ??= 'killed';
    void this.worker.terminate();
  }

  private receive(message: FromIsolate): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
        return;
      case 'loadFailed':
        this.failReady(
          message.error.name === 'IsolateSpawnException'
            ? new IsolateSpawnException(message.error.message, message.error.code ?? 'ISOSCOPE_ENTRY_FAILED')
            : Errors.entryFailedToLoad(`"${this.debugName}"`, message.error),
        );
        return;
      case 'uncaught':
        this.lastError = message.error;
        if (this.onMessage) this.onMessage(message);
        else this.reportError(message.error);
        return;
      case 'exiting':
        this.exitReason = message.reason;
        return;
      default:
        if (message.type === 'result' && !message.ok) this.lastError = message.error;
        this.onMessage?.(message);
    }
  }

  private failReady(error: Error): void {
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(error);
  }

  /** Error listeners get [message, stack], as in Dart; with none, the error is printed so
   * it is never lost. */
  private reportError(error: SerializedError): void {
    if (this.errorListeners.size === 0) {
      process.stderr.write(`Uncaught error in isolate "${this.debugName}" (${this.id}):\n${error.stack}\n`);
      return;
    }
    const description = `${error.name}: ${error.message}`;
    for (const port of this.errorListeners.values()) {
      port.takeArrived(); // after what the isolate sent before the error, as for exits
      port.send([description, error.stack]);
    }
  }
}
