// The preload's view of plain worker_threads programs. It wraps, in place:
//   - Worker: each new worker is traced (ring, spawn event, preload forced into an explicit
//     execArgv), and its exit, error and terminate() are recorded;
//   - MessageChannel, and the link between a Worker and its parentPort: their ports are
//     counted channels (channelIds.ts) — each end numbers what it posts and what arrives, so
//     a message is recorded without anything added to it;
//   - postMessage on MessagePort (which Worker, parentPort and BroadcastChannel use) records
//     the send. Two kinds of message travel in a small envelope instead: those on ports the
//     preload did not number (a BroadcastChannel's, which has many senders), which carry
//     their id, and those that move numbered ports to another thread, which carry the
//     ports' counts so that their new owner goes on counting;
//   - the dispatch of each arriving message (once per message, whatever listeners it has)
//     and receiveMessageOnPort: the receive is recorded and an envelope is opened before
//     user code sees the message.
// The isoscope runtime records its own traffic with richer events, so ports and workers it
// marks internal (or creates inside quietly()) are left alone.
import type * as WorkerThreads from 'node:worker_threads';
import type { ExitReason } from '../../protocol/traceEvents';
import * as recorder from './recorder';
import * as clock from './clock';
import * as messageEvents from './messageEvents';
import * as messageSize from './messageSize';
import * as channelIds from './channelIds';
import { beginChild } from './childThreads';
import { callerLocation } from '../callerLocation';
import * as internal from './internal';

// The core's functions as local bindings (a read through the core bundle's exports is a
// getter call, and these run for every message).
const { record, threadConfig, tracingOn, recordSendRecord, recordReceiveRecord } = recorder;
const { traceNow, rawNow } = clock;
const { beginSend, recordSend, recordReceive, recordChannelSend } = messageEvents;
const { estimateSize, transferredBytes } = messageSize;
const { newChannelId } = channelIds;
const { enterQuiet, isInternal, isQuiet, leaveQuiet, markNodeInternalPort, nodePort, CHANNEL_STATE: STATE } = internal;

// The module object itself (not an ES namespace copy), so the wrappers replace its exports.
const workerThreads = require('node:worker_threads') as typeof WorkerThreads;
const { threadId } = workerThreads;
const MSG_KEY = '__isoscope_msg__';
/** The MSG_KEY of a frame that only keeps a channel's count (an envelope's is '' or an id). */
const SKIP_TAG = '\u0000skip';

/** A numbered port's two channels: the one it posts on and the one it receives from. */
interface PortState {
  sendChannel: number;
  sent: number;
  receiveChannel: number;
  received: number;
  /** The isolate at the other end, when known (a worker, or a worker's parent); else -1. */
  to: number;
}

/** What an envelope says about a numbered port it moves: the port and its state. */
type MovedPort = [WorkerThreads.MessagePort, number, number, number, number];

interface Envelope {
  /** The message's id, or '' when tracing was off (SKIP_TAG for a skip frame). */
  [MSG_KEY]: string;
  m: unknown;
  ports?: MovedPort[];
}

function stateOf(port: unknown): PortState | undefined {
  return (port as Record<symbol, PortState | undefined>)[STATE];
}

function number(port: object, sendChannel: number, receiveChannel: number, to: number): void {
  (port as Record<symbol, PortState>)[STATE] = { sendChannel, sent: 0, receiveChannel, received: 0, to };
}

const SKIPPED = Symbol('skipped');
const SKIP_FRAME = { [MSG_KEY]: SKIP_TAG };

/** A message arriving on a port with `state` (undefined when the port is not numbered):
 * records its receive, and returns what user code gets (SKIPPED for a skip frame). One
 * property read tells a plain message from an envelope or a skip frame. */
function arrived(state: PortState | undefined, data: unknown): unknown {
  const tag = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[MSG_KEY] : undefined;
  if (typeof tag !== 'string') {
    if (state === undefined) return data;
    const seq = ++state.received;
    if (tracingOn()) recordReceiveRecord(rawNow(), state.receiveChannel, seq, -1);
    return data;
  }
  if (tag === SKIP_TAG) {
    if (state !== undefined) state.received++;
    return SKIPPED;
  }
  const envelope = data as Envelope;
  if (envelope.ports) for (const [moved, sendChannel, sent, receiveChannel, received] of envelope.ports) (moved as unknown as Record<symbol, PortState>)[STATE] = { sendChannel, sent, receiveChannel, received, to: -1 };
  if (tag !== '') recordReceive(tag);
  return envelope.m;
}

type Post = (this: unknown, value: unknown, transfer?: unknown) => unknown;

/** Node's own postMessage, kept on MessagePort.prototype: called as a method of the port, it
 * is a direct call to native code (through Function.prototype.call it is not). */
const NODE_POST = Symbol('isoscope.nodePostMessage');
type NodePoster = { [NODE_POST]: Post };

/** Posts through Node's postMessage, passing the transfer argument only if one was given
 * (Node tells postMessage(v) from postMessage(v, undefined)). */
function postVia(port: unknown, payload: unknown, withTransfer: boolean, transfer: unknown): unknown {
  return withTransfer ? (port as NodePoster)[NODE_POST](payload, transfer) : (port as NodePoster)[NODE_POST](payload);
}

// The send wrapper: the common case (a numbered port, no transfer list) goes straight to
// sendNumbered(), a small function, as it runs for every message.
function tracedPost(): Post {
  return function postMessage(this: unknown, value: unknown, transfer?: unknown): unknown {
    // A numbered port is never internal (markInternal drops the numbers).
    const state = stateOf(this);
    if (state !== undefined && arguments.length < 2) return sendNumbered(this, state, value, false, undefined, 0);
    return postOther(this, state, value, arguments.length >= 2, transfer);
  };
}

/** A post on a numbered port that moves no numbered port: counted, and recorded as a binary
 * send (`transferred`: the bytes its transfer list moves). */
function sendNumbered(port: unknown, state: PortState, value: unknown, withTransfer: boolean, transfer: unknown, transferred: number): unknown {
  if (!tracingOn() || isQuiet()) {
    const result = postVia(port, value, withTransfer, transfer);
    state.sent++;
    return result;
  }
  const t = rawNow();
  const bytes = estimateSize(value);
  const seq = ++state.sent;
  if (threadConfig()!.captureLocations) recordChannelSend(state.sendChannel, seq, t, { bytes, transferred, to: state.to, location: callerLocation() });
  else recordSendRecord(t, state.sendChannel, seq, bytes, transferred, state.to, -1);
  try {
    return postVia(port, value, withTransfer, transfer);
  } catch (error) {
    // Refused: the number is spent; a SKIP frame takes its place, so the counts agree.
    postVia(port, SKIP_FRAME, false, undefined);
    throw error;
  }
}

/** Every other post: on ports not numbered, with a transfer list, or moving numbered ports. */
function postOther(port: unknown, state: PortState | undefined, value: unknown, withTransfer: boolean, transfer: unknown): unknown {
  if (state === undefined && (isQuiet() || isInternal(port))) return postVia(port, value, withTransfer, transfer);
  const list = withTransfer ? (Array.isArray(transfer) ? transfer : (transfer as { transfer?: unknown[] } | undefined)?.transfer) : undefined;
  const moved = list?.filter((item): item is WorkerThreads.MessagePort => stateOf(item) !== undefined);
  // (Sizes are read before posting: transferring empties the buffers.)
  if (state !== undefined && !moved?.length) return sendNumbered(port, state, value, withTransfer, transfer, tracingOn() ? transferredBytes(list) : 0);
  const envelope: Envelope = { [MSG_KEY]: '', m: value };
  if (moved?.length) envelope.ports = moved.map((moving) => {
    const s = stateOf(moving)!;
    return [moving, s.sendChannel, s.sent, s.receiveChannel, s.received];
  });
  if (tracingOn()) {
    const pending = beginSend()!;
    envelope[MSG_KEY] = pending.msg;
    recordSend(pending, value, { transfer: list, location: threadConfig()?.captureLocations ? callerLocation() : undefined });
  }
  // BroadcastChannel reads the result (its handle is a MessagePort): pass it on.
  return postVia(port, envelope, withTransfer, transfer);
}

/** The Worker class programs get while the preload is installed. */
function tracedWorkerClass(NodeWorker: typeof WorkerThreads.Worker): typeof WorkerThreads.Worker {
  return class Worker extends NodeWorker {
    constructor(filename: string | URL, options: WorkerThreads.WorkerOptions = {}) {
      // The worker ↔ parentPort link: numbered before the worker starts, which learns it from
      // its trace configuration.
      const link = { down: newChannelId(), up: newChannelId(), parent: threadId };
      const child = isQuiet() ? undefined : beginChild({ link });
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
      const publicPort = nodePort(this, 'kPublicPort');
      if (publicPort) number(publicPort, link.down, link.up, id);
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
const HYBRID_DISPATCH = Symbol.for('nodejs.internal.kHybridDispatch');
type Dispatch = (this: object, data: unknown, type: string, event: unknown) => unknown;

/** The MessageChannel class programs get: both directions numbered. */
function numberedMessageChannel(NodeMessageChannel: typeof WorkerThreads.MessageChannel): typeof WorkerThreads.MessageChannel {
  return class MessageChannel extends NodeMessageChannel {
    constructor() {
      super();
      if (isQuiet()) return;
      const forth = newChannelId();
      const back = newChannelId();
      number(this.port1, forth, back, -1);
      number(this.port2, back, forth, -1);
    }
  };
}

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
  const portProto = MessagePort.prototype as unknown as Record<string | symbol, unknown>;
  portProto[NODE_POST] = portProto['postMessage'];
  portProto['postMessage'] = tracedPost();
  // Node hands each arriving message to this method once, whatever listeners the port has.
  const dispatch = portProto[HYBRID_DISPATCH] as Dispatch | undefined;
  if (typeof dispatch === 'function') {
    portProto[HYBRID_DISPATCH] = function (this: object, data: unknown, type: string, event: unknown): unknown {
      if (type === 'message') {
        const state = stateOf(this);
        if (state !== undefined || !isInternal(this)) {
          data = arrived(state, data);
          if (data === SKIPPED) return undefined;
        }
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
      if (!result || isInternal(port)) return result;
      const message = arrived(stateOf(port), result.message);
      if (message !== SKIPPED) return message === result.message ? result : { message };
    }
  };
  mutable['Worker'] = tracedWorkerClass(workerThreads.Worker);
  mutable['MessageChannel'] = numberedMessageChannel(workerThreads.MessageChannel);
  if (!workerThreads.isMainThread) {
    // In a worker, stdout, stderr and uncaught errors travel on Node's own port.
    markNodeInternalPort(process.stdout);
    const link = threadConfig()?.link;
    if (link && workerThreads.parentPort) number(workerThreads.parentPort, link.up, link.down, link.parent);
  }
  // `import { Worker } from 'node:worker_threads'` reads the live module: refresh it.
  (require('node:module') as typeof import('node:module')).syncBuiltinESMExports();
}
