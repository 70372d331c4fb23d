// The preload's wrappers for plain worker_threads programs, installed once per thread
// (register.ts asks the tracer core who goes first):
//   - Worker: each new worker is traced (ring, spawn event, preload forced into an explicit
//     execArgv), its exit, error and terminate() are recorded, and its link to the parent
//     (the Worker's port and the worker's parentPort) is numbered;
//   - MessageChannel: both directions numbered; BroadcastChannel: its port's messages go in
//     envelopes (both also replace the globals of the same name);
//   - MessagePort's postMessage, the dispatch of each arriving message (once per message,
//     whatever listeners it has) and receiveMessageOnPort: see portTracing.ts.
// The isoscope runtime records its own traffic with richer events, so ports and workers it
// marks internal (or creates inside quietly()) are left alone.
import type * as WorkerThreads from 'node:worker_threads';
import type { ExitReason } from '../../protocol/traceEvents';
import type { TracedChild, TracerCore } from './coreApi';
import { callerLocation } from '../callerLocation';
import { forgetControllable, hostControllable } from './remoteControl';
import { NODE_POST, SKIPPED, arrived, bindCore, markEnveloped, number, tracedPost } from './portTracing';

// The module object itself (not an ES namespace copy), so the wrappers replace its exports.
const workerThreads = require('node:worker_threads') as typeof WorkerThreads;
const KILLED = Symbol('isoscope.killed');
/** A traced Worker's TracedChild (whether it waits in Atomics.wait, when it is ended). */
const TRACED_CHILD = Symbol('isoscope.tracedChild');
const HYBRID_DISPATCH = Symbol.for('nodejs.internal.kHybridDispatch');
type Dispatch = (this: object, data: unknown, type: string, event: unknown) => unknown;

/** A port Node keeps under a private symbol of `owner` (a Worker's kPublicPort, a
 * BroadcastChannel's kHandle). */
function nodePort(owner: object, name: string): object | undefined {
  const key = Object.getOwnPropertySymbols(owner).find((s) => s.description === name);
  const port = key && (owner as Record<symbol, unknown>)[key];
  return typeof port === 'object' && port !== null ? port : undefined;
}

/** The Worker class programs get while the preload is installed. */
function tracedWorkerClass(core: TracerCore, NodeWorker: typeof WorkerThreads.Worker): typeof WorkerThreads.Worker {
  return class Worker extends NodeWorker {
    constructor(filename: string | URL, options: WorkerThreads.WorkerOptions = {}) {
      // The worker ↔ parentPort link: numbered before the worker starts, which learns it from
      // its trace configuration.
      const link = { down: core.newChannelId(), up: core.newChannelId(), parent: core.isolateId() };
      const child = core.isQuiet() ? undefined : core.beginChild({ link });
      // Node posts its own protocol (load the script) from inside the constructor.
      core.enterQuiet();
      try {
        super(filename, child ? withPreload(core, options) : options);
      } finally {
        core.leaveQuiet();
        child?.endConstruction();
      }
      if (!child) return;
      const id = this.threadId;
      const publicPort = nodePort(this, 'kPublicPort');
      if (publicPort) number(publicPort, link.down, link.up, id);
      const entry = options.eval ? '[eval]' : String(filename);
      child.announce(this, { kind: 'worker', debugName: options.name || `worker ${id}`, entry, location: callerLocation() });
      // The editor may end it (terminate(), as a kill is for a plain Worker); it has no pause.
      (this as unknown as Record<symbol, unknown>)[TRACED_CHILD] = child;
      hostControllable(id, {
        kill: () => {
          const self = this as unknown as Record<symbol, unknown>;
          if (core.tracingOn() && !self[KILLED]) core.record({ type: 'kill', t: core.traceNow(), isolate: id, by: 'editor', priority: 'immediate', ...(child.waiting() ? { idle: true } : {}) });
          self[KILLED] = true;
          void NodeWorker.prototype.terminate.call(this);
        },
      });
      let error: Error | undefined;
      this.on('error', (e: unknown) => {
        error = e instanceof Error ? e : new Error(String(e));
      });
      this.once('exit', (code: number) => {
        if (core.tracingOn()) {
          const reason: ExitReason = (this as Record<symbol, unknown>)[KILLED] ? 'killed' : error ? 'error' : code === 0 ? 'returned' : 'exited';
          core.record({ type: 'exit', t: core.traceNow(), isolate: id, reason, code, ...(error ? { error: { message: error.message, stack: error.stack ?? String(error) } } : {}) });
        }
        child.exited();
        forgetControllable(id);
      });
    }

    override terminate(): Promise<number> {
      const self = this as unknown as Record<symbol, unknown>;
      if (core.tracingOn() && !self[KILLED] && !core.isInternal(this) && this.threadId >= 0) {
        self[KILLED] = true;
        const location = callerLocation();
        // A pool library's worker ended while it waits for its next task: a shutdown.
        const idle = (self[TRACED_CHILD] as TracedChild | undefined)?.waiting() === true;
        core.record({ type: 'kill', t: core.traceNow(), isolate: this.threadId, by: core.isolateId(), priority: 'immediate', ...(location ? { location } : {}), ...(idle ? { idle: true } : {}) });
      }
      return super.terminate();
    }
  };
}

/** The MessageChannel class programs get: both directions numbered. */
function numberedMessageChannel(core: TracerCore, NodeMessageChannel: typeof WorkerThreads.MessageChannel): typeof WorkerThreads.MessageChannel {
  return class MessageChannel extends NodeMessageChannel {
    constructor() {
      super();
      if (core.isQuiet()) return;
      const forth = core.newChannelId();
      const back = core.newChannelId();
      number(this.port1, forth, back, -1);
      number(this.port2, back, forth, -1);
    }
  };
}

/** The BroadcastChannel class programs get: its port's messages carry their id. */
function envelopedBroadcastChannel(core: TracerCore, NodeBroadcastChannel: typeof WorkerThreads.BroadcastChannel): typeof WorkerThreads.BroadcastChannel {
  return class BroadcastChannel extends NodeBroadcastChannel {
    constructor(name: string) {
      super(name);
      const port = core.isQuiet() ? undefined : nodePort(this, 'kHandle');
      if (port) markEnveloped(port);
    }
  };
}

/** A worker given its own execArgv would not run the preload: add it. */
function withPreload(core: TracerCore, options: WorkerThreads.WorkerOptions): WorkerThreads.WorkerOptions {
  const registerPath = core.preloadPath();
  if (!options.execArgv || !registerPath) return options;
  if (options.execArgv.some((arg, i) => arg === registerPath && i > 0 && /^(-r|--require)$/.test(options.execArgv![i - 1]!))) return options;
  return { ...options, execArgv: [...options.execArgv, '--require', registerPath] };
}

/** Installs the wrappers described at the top of this file, recording into `core`. */
export function installWorkerThreadsPatch(core: TracerCore): void {
  bindCore(core);
  const { MessagePort } = workerThreads;
  const portProto = MessagePort.prototype as unknown as Record<string | symbol, unknown>;
  portProto[NODE_POST] = portProto['postMessage'];
  portProto['postMessage'] = tracedPost();
  // Node hands each arriving message to this method once, whatever listeners the port has.
  const dispatch = portProto[HYBRID_DISPATCH] as Dispatch | undefined;
  if (typeof dispatch === 'function') {
    portProto[HYBRID_DISPATCH] = function (this: object, data: unknown, type: string, event: unknown): unknown {
      if (type === 'message') {
        data = arrived(this, data);
        if (data === SKIPPED) return undefined;
      }
      return dispatch.call(this, data, type, event);
    };
  } else {
    process.stderr.write(`isoscope: Node ${process.version} does not dispatch port messages as the preload expects; receives of plain worker_threads messages are not recorded\n`);
  }
  const mutable = workerThreads as unknown as Record<string, unknown>;
  const receive = workerThreads.receiveMessageOnPort;
  mutable['receiveMessageOnPort'] = (port: WorkerThreads.MessagePort) => {
    for (;;) {
      const result = receive(port);
      if (!result) return result;
      const message = arrived(port, result.message);
      if (message !== SKIPPED) return message === result.message ? result : { message };
    }
  };
  mutable['Worker'] = tracedWorkerClass(core, workerThreads.Worker);
  const classes = {
    MessageChannel: numberedMessageChannel(core, workerThreads.MessageChannel),
    BroadcastChannel: envelopedBroadcastChannel(core, workerThreads.BroadcastChannel),
  };
  const globals = globalThis as unknown as Record<string, unknown>;
  for (const [name, wrapped] of Object.entries(classes)) {
    // The globals are the same classes as worker_threads' (Node 18+): wrap both.
    if (globals[name] === mutable[name]) globals[name] = wrapped;
    mutable[name] = wrapped;
  }
  if (!workerThreads.isMainThread) {
    const link = core.threadConfig()?.link;
    if (link && workerThreads.parentPort) number(workerThreads.parentPort, link.up, link.down, link.parent);
  }
  // `import { Worker } from 'node:worker_threads'` reads the live module: refresh it.
  (require('node:module') as typeof import('node:module')).syncBuiltinESMExports();
}
