// The preload's view of plain worker_threads programs. It wraps, in place:
//   - Worker: each new worker is traced (ring, spawn event, preload forced into an explicit
//     execArgv), and its exit, error and terminate() are recorded;
//   - postMessage on MessagePort (which Worker, parentPort and BroadcastChannel use): each
//     message is recorded as a send and travels in a small envelope with its id;
//   - message listeners (on/once/addEventListener/onmessage) and receiveMessageOnPort: the
//     envelope is opened before user code sees the message, and the receive is recorded.
// The isoscope runtime records its own traffic with richer events, so ports and workers it
// marks internal (or creates inside quietly()) are left alone.
import type * as WorkerThreads from 'node:worker_threads';
import type { ExitReason } from '../../protocol/traceEvents';
import { record, threadConfig, tracingOn } from './recorder';
import { traceNow } from './clock';
import { beginSend, recordReceive, recordSend } from './messageEvents';
import { beginChild } from './childThreads';
import { callerLocation } from '../callerLocation';
import { enterQuiet, isInternal, isQuiet, leaveQuiet, markNodeInternalPort } from './internal';

// The module object itself (not an ES namespace copy), so the wrappers replace its exports.
const workerThreads = require('node:worker_threads') as typeof WorkerThreads;
const { threadId } = workerThreads;
const MSG_KEY = '__isoscope_msg__';

interface Envelope {
  [MSG_KEY]: string;
  m: unknown;
  seen?: true;
}

function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[MSG_KEY] === 'string';
}

/** Opens an envelope (recording the receive once, however many listeners see it). */
function opened(data: unknown): unknown {
  if (!isEnvelope(data)) return data;
  if (data.seen !== true) {
    data.seen = true;
    recordReceive(data[MSG_KEY]);
  }
  return data.m;
}

type Post = (this: unknown, value: unknown, transfer?: unknown) => unknown;

function tracedPost(original: Post): Post {
  return function postMessage(this: unknown, value: unknown, transfer?: unknown): unknown {
    if (isQuiet() || isInternal(this) || !tracingOn()) {
      return arguments.length < 2 ? original.call(this, value) : original.call(this, value, transfer);
    }
    const pending = beginSend()!;
    const list = Array.isArray(transfer) ? transfer : (transfer as { transfer?: unknown[] } | undefined)?.transfer;
    recordSend(pending, value, { transfer: list, location: threadConfig()?.captureLocations ? callerLocation() : undefined });
    // BroadcastChannel reads the result (its handle is a MessagePort): pass it on.
    return original.call(this, { [MSG_KEY]: pending.msg, m: value }, transfer);
  };
}

type Listener = ((...args: any[]) => unknown) | { handleEvent(event: unknown): unknown };
const nodeStyleWrappers = new WeakMap<object, (...args: any[]) => unknown>();
const webStyleWrappers = new WeakMap<object, (...args: any[]) => unknown>();

/** Node marks its on()/once() listeners with a private symbol in the options. */
function isNodeStyle(options: unknown): boolean {
  return typeof options === 'object' && options !== null && Object.getOwnPropertySymbols(options).some((s) => s.description === 'kIsNodeStyleListener');
}

function wrapperFor(listener: Listener, nodeStyle: boolean): (...args: any[]) => unknown {
  const table = nodeStyle ? nodeStyleWrappers : webStyleWrappers;
  let wrapper = table.get(listener);
  if (!wrapper) {
    const call = typeof listener === 'function' ? listener : (event: unknown) => listener.handleEvent(event);
    wrapper = nodeStyle
      ? function (this: unknown, data: unknown, ...rest: unknown[]) {
          return call.call(this, opened(data), ...rest);
        }
      : function (this: unknown, event: { data?: unknown }) {
          if (isEnvelope(event?.data)) Object.defineProperty(event, 'data', { value: opened(event.data), configurable: true });
          return call.call(this, event);
        };
    table.set(listener, wrapper);
  }
  return wrapper;
}

type AddListener = (this: unknown, type: string, listener: Listener, options?: unknown) => void;

function patchListeners(proto: { addEventListener: AddListener; removeEventListener: AddListener }): void {
  const add = proto.addEventListener;
  const remove = proto.removeEventListener;
  Object.defineProperty(proto, 'addEventListener', {
    configurable: true,
    writable: true,
    value: function addEventListener(this: unknown, type: string, listener: Listener, options?: unknown) {
      if (type !== 'message' || listener === null || typeof listener !== 'object' && typeof listener !== 'function' || isQuiet() || isInternal(this)) {
        return add.call(this, type, listener, options);
      }
      return add.call(this, type, wrapperFor(listener, isNodeStyle(options)), options);
    },
  });
  Object.defineProperty(proto, 'removeEventListener', {
    configurable: true,
    writable: true,
    value: function removeEventListener(this: unknown, type: string, listener: Listener, options?: unknown) {
      const wrapper = type === 'message' && listener ? (isNodeStyle(options) ? nodeStyleWrappers : webStyleWrappers).get(listener) : undefined;
      if (wrapper) remove.call(this, type, wrapper, options);
      return remove.call(this, type, listener, options);
    },
  });
}

/** The Worker class programs get while the preload is installed. */
function tracedWorkerClass(NodeWorker: typeof WorkerThreads.Worker): typeof WorkerThreads.Worker {
  return class Worker extends NodeWorker {
    constructor(filename: string | URL, options: WorkerThreads.WorkerOptions = {}) {
      const child = isQuiet() ? undefined : beginChild();
      // Node posts its own protocol (load the script) from inside the constructor.
      enterQuiet();
      try {
        super(filename, child ? withPreload(options) : options);
      } finally {
        leaveQuiet();
        child?.endConstruction();
      }
      markNodeInternalPort(this);
      if (!child) return;
      const id = this.threadId;
      const entry = options.eval ? '[eval]' : String(filename);
      child.announce(this, { kind: 'worker', debugName: options.name || `worker ${id}`, entry, location: callerLocation() });
      let error: Error | undefined;
      this.on('error', (e: unknown) => {
        error = e instanceof Error ? e : new Error(String(e));
      });
      this.once('exit', (code: number) => {
        if (tracingOn()) {
          const reason: ExitReason = (this as Record<symbol, unknown>)[KILLED] ? 'killed' : error ? 'error' : code === 0 ? 'returned' : 'exited';
          record({ type: 'exit', t: traceNow(), isolate: id, reason, code, ...(error ? { error: { message: error.message, stack: error.stack ?? String(error) } } : {}) });
        }
        child.exited();
      });
    }

    /** Messages from the worker reach listeners through here: open their envelopes. */
    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'message' && args.length > 0) args[0] = opened(args[0]);
      return super.emit(event, ...args);
    }

    override terminate(): Promise<number> {
      const self = this as unknown as Record<symbol, unknown>;
      if (tracingOn() && !self[KILLED] && !isInternal(this) && this.threadId >= 0) {
        self[KILLED] = true;
        const location = callerLocation();
        record({ type: 'kill', t: traceNow(), isolate: this.threadId, by: threadId, priority: 'immediate', ...(location ? { location } : {}) });
      }
      return super.terminate();
    }
  };
}

const KILLED = Symbol('isoscope.killed');

/** A worker given its own execArgv would not run the preload: add it. */
function withPreload(options: WorkerThreads.WorkerOptions): WorkerThreads.WorkerOptions {
  if (!options.execArgv) return options;
  if (options.execArgv.some((arg, i) => arg.includes(REGISTER_NAME) && i > 0 && /^(-r|--require)$/.test(options.execArgv![i - 1]!))) return options;
  return { ...options, execArgv: [...options.execArgv, '--require', registerPath] };
}

const REGISTER_NAME = 'register.cjs';
let registerPath = '';
let installed = false;

/** Installs the wrappers described at the top of this file. Idempotent. */
export function installWorkerThreadsPatch(preloadPath: string): void {
  if (installed) return;
  installed = true;
  registerPath = preloadPath;
  // A BroadcastChannel posts and listens through a MessagePort of its own, so wrapping
  // MessagePort covers it too.
  const { MessagePort } = workerThreads;
  const portProto = MessagePort.prototype as unknown as Record<string, unknown>;
  portProto['postMessage'] = tracedPost(portProto['postMessage'] as Post);
  patchListeners(MessagePort.prototype as never);
  const mutable = workerThreads as unknown as Record<string, unknown>;
  const receive = workerThreads.receiveMessageOnPort;
  mutable['receiveMessageOnPort'] = (port: WorkerThreads.MessagePort) => {
    const result = receive(port);
    return result && isEnvelope(result.message) ? { message: opened(result.message) } : result;
  };
  mutable['Worker'] = tracedWorkerClass(workerThreads.Worker);
  // In a worker, stdout, stderr and uncaught errors travel on Node's own port.
  if (!workerThreads.isMainThread) markNodeInternalPort(process.stdout);
  // `import { Worker } from 'node:worker_threads'` reads the live module: refresh it.
  (require('node:module') as typeof import('node:module')).syncBuiltinESMExports();
}
