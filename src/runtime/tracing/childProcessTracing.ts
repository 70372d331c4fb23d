// The preload's view of child processes (node:child_process: fork, spawn, exec, cluster,
// jest-worker…): every Node process a traced one starts is traced too (NODE_OPTIONS carries
// the preload), on the same clock, and the IPC channel between a parent and a child it
// forked is a link of two numbered channels, like a worker's:
//   - the parent, as it spawns the child, numbers the link and puts the numbers and its
//     clock origin in the child's environment (ISOSCOPE_IPC, ISOSCOPE_CLOCK_ORIGIN);
//   - each side counts what it sends and what arrives, so an IPC message is recorded as a
//     send and a receive with nothing added to it. The child's events name the parent as the
//     process that numbered the link (`chpid`), and a send names the process it went to
//     (`toPid`).
// Node's own IPC messages (cluster's, `cmd: 'NODE_…'`) are not the program's: not counted.
import type * as ChildProcesses from 'node:child_process';
import type { TracerCore } from './coreApi';
import { estimateSize } from './messageSize';
import { ORIGIN_ENV } from './processClock';

/** The environment variable that hands a child its IPC link: "<down>,<up>,<parent pid>". */
export const IPC_ENV = 'ISOSCOPE_IPC';

/** One direction's count on an IPC link. */
interface Link {
  send: number;
  sent: number;
  receive: number;
  received: number;
  /** The process at the other end. */
  peer: number;
  /** The process that numbered the link, when not this one (the child says its parent). */
  numberedBy: number | undefined;
}

/** As Node tells its own IPC messages from the program's. */
function isNodeMessage(message: unknown): boolean {
  const cmd = (message as { cmd?: unknown } | null)?.cmd;
  return typeof cmd === 'string' && cmd.length > 4 && cmd.startsWith('NODE_');
}

/** Wraps `owner`'s send (and counts and records each of the program's messages) and its
 * emit of 'message' (each arrival, once, whatever listeners it has). */
function traceLink(core: TracerCore, owner: { send?: (...args: unknown[]) => boolean; emit(event: string | symbol, ...args: unknown[]): boolean }, link: Link): void {
  const send = owner.send;
  if (typeof send !== 'function') return;
  owner.send = function (this: unknown, message: unknown, ...rest: unknown[]): boolean {
    if (isNodeMessage(message)) return send.call(this, message, ...rest);
    const t = core.traceNow();
    const seq = ++link.sent;
    let sent: boolean;
    try {
      sent = send.call(this, message, ...rest);
    } catch (error) {
      // Not serialisable: nothing went, and the count stays as it was.
      link.sent--;
      throw error;
    }
    if (core.tracingOn()) {
      core.record({
        type: 'send', t, isolate: core.isolateId(), channel: link.send, seq, ...(link.numberedBy !== undefined ? { chpid: link.numberedBy } : {}),
        to: 0, toPid: link.peer, bytes: estimateSize(message), transferred: 0,
      });
    }
    return sent;
  };
  const emit = owner.emit;
  owner.emit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'message' && !isNodeMessage(args[0])) {
      const seq = ++link.received;
      if (core.tracingOn()) core.record({ type: 'receive', t: core.traceNow(), isolate: core.isolateId(), channel: link.receive, seq, ...(link.numberedBy !== undefined ? { chpid: link.numberedBy } : {}) });
    }
    return emit.call(this, event, ...args);
  };
}

/** Installs the wrappers described at the top of this file, recording into `core`. */
export function installChildProcessTracing(core: TracerCore): void {
  const { ChildProcess } = require('node:child_process') as typeof ChildProcesses;
  const proto = ChildProcess.prototype as unknown as { spawn(this: ChildProcesses.ChildProcess, options: SpawnOptions): unknown };
  const spawn = proto.spawn;
  proto.spawn = function (this: ChildProcesses.ChildProcess, options: SpawnOptions): unknown {
    const config = core.tracingOn() ? core.threadConfig() : undefined;
    const ipc = config !== undefined && Array.isArray(options?.stdio) && options.stdio.includes('ipc');
    let link: Link | undefined;
    if (config && Array.isArray(options.envPairs)) {
      const pairs = options.envPairs.filter((pair) => !pair.startsWith(`${ORIGIN_ENV}=`) && !pair.startsWith(`${IPC_ENV}=`));
      pairs.push(`${ORIGIN_ENV}=${config.origin}`);
      if (ipc) {
        link = { send: core.newChannelId(), sent: 0, receive: core.newChannelId(), received: 0, peer: -1, numberedBy: undefined };
        pairs.push(`${IPC_ENV}=${link.send},${link.receive},${process.pid}`);
      }
      options.envPairs = pairs;
    }
    const result = spawn.call(this, options);
    if (link && this.pid !== undefined) {
      link.peer = this.pid;
      traceLink(core, this as never, link);
    }
    return result;
  };
  // This process's own link to its parent, when the parent numbered one.
  const given = process.env[IPC_ENV];
  delete process.env[IPC_ENV];
  const [down, up, parent] = (given ?? '').split(',').map(Number);
  if (typeof process.send === 'function' && Number.isInteger(down) && Number.isInteger(up) && Number.isInteger(parent)) {
    traceLink(core, process as never, { send: up!, sent: 0, receive: down!, received: 0, peer: parent!, numberedBy: parent! });
  }
}

/** What ChildProcess.prototype.spawn is given (Node's normalized spawn options). */
interface SpawnOptions {
  stdio?: unknown[];
  envPairs?: string[];
}
