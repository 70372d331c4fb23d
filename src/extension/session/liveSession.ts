// One live session: a debug session (with its child sessions and processes) or a run in a
// terminal. It owns the live reader its programs stream to (a socket in a private directory,
// a fresh token) and a spool of what each process sent, so that a panel opened late, hidden
// and shown again, or restored after a reload gets everything replayed, and Save Trace can
// write it all after the session ended. The text is not parsed here (textScan.ts picks out
// the few events the host acts on); the timeline parses it once. No vscode import: the
// extension's parts around it (panels, status bar, debug glue) listen to it.
import { EventEmitter } from 'node:events';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenForTraceText, type LiveTraceServer } from '../../runtime/tracing/liveSocket';
import type { ToTimeline } from '../../protocol/webviewMessages';
import type { ControlAction } from '../../protocol/liveControl';
import { scanTraceText } from './textScan';
import { concatBytes } from '../../protocol/bytes';

export type DebugPauseMessage = Extract<ToTimeline, { type: 'debugPause' }>;

/** Whoever shows the session (a timeline panel). */
export interface SessionViewer {
  start(name: string): void | Thenable<unknown>;
  /** NDJSON bytes of process `pid` (whole lines), in a buffer of their own (VS Code sends a
   * view's whole backing buffer to a webview). */
  text(pid: number, bytes: Uint8Array): void | Thenable<unknown>;
  pause(message: DebugPauseMessage): void | Thenable<unknown>;
  ended(reason: string): void | Thenable<unknown>;
}

export interface SpooledProcess {
  pid: number;
  /** The spool file: the NDJSON the process sent, in order. */
  path: string;
  bytes: number;
  connected: boolean;
  /** Isolates and workers it started that have not exited. */
  readonly alive: Set<number>;
  spawned: number;
  /** How its main thread ended, once it did: the exit code, and an uncaught error's message. */
  exit?: { code: number | undefined; error: string | undefined };
}

interface Attached {
  viewer: SessionViewer;
  /** What arrived while the viewer was being replayed to: sent after the replay. */
  queue: Array<() => void> | undefined;
}

export interface SessionEvents {
  firstIsolate: [];
  changed: [];
  ended: [reason: string];
  log: [line: string];
}

/** How often arrived text is handed to viewers, in one piece per process (ms). */
const BATCH_MS = 50;
/** A replay reads the spool in pieces of about this many bytes. */
const REPLAY_PIECE = 1 << 20;

export class LiveSession extends EventEmitter<SessionEvents> {
  readonly processes = new Map<number, SpooledProcess>();
  readonly pauses: DebugPauseMessage[] = [];
  /** Lines (events) received, in all. */
  events = 0;
  endedBecause: string | undefined;
  private readonly viewers = new Set<Attached>();
  private readonly pending = new Map<number, Uint8Array[]>();
  private batchTimer: NodeJS.Timeout | undefined;
  private readonly fds = new Map<number, number>();
  private server: LiveTraceServer | undefined;
  private ending = false;
  private controlRequests = 0;

  private constructor(
    readonly id: string,
    public name: string,
    private readonly spoolDir: string,
  ) {
    super();
  }

  /** A session listening on a fresh socket. */
  static async start(id: string, name: string): Promise<LiveSession> {
    const session = new LiveSession(id, name, mkdtempSync(join(tmpdir(), 'isoscope-session-')));
    try {
      session.server = await listenForTraceText({
        onConnect: (pid) => session.connected(pid),
        onText: (text, pid) => session.received(pid, text),
        onRejected: (reason) => session.emit('log', `refused a connection: ${reason}`),
        onEnd: (pid) => session.disconnected(pid),
      });
    } catch (error) {
      rmSync(session.spoolDir, { recursive: true, force: true });
      throw error;
    }
    return session;
  }

  /** What a program needs in its environment to stream to this session. */
  get env(): { ISOSCOPE_SINK: string; ISOSCOPE_SINK_TOKEN: string } {
    if (!this.server) throw new Error('the session is not listening');
    return this.server.env;
  }

  get live(): boolean {
    return this.endedBecause === undefined;
  }

  /** Isolates and workers alive now, over every process. */
  get aliveIsolates(): number {
    let n = 0;
    for (const process of this.processes.values()) n += process.alive.size;
    return n;
  }

  get hasIsolates(): boolean {
    for (const process of this.processes.values()) if (process.spawned > 0) return true;
    return false;
  }

  /** The process the debugger's stops belong to when nothing says which: the first that started an isolate. */
  get mainPid(): number | undefined {
    for (const process of this.processes.values()) if (process.spawned > 0) return process.pid;
    return this.processes.keys().next().value;
  }

  /** How the program ended, as the main thread of its first process (the one launched) said
   * (undefined while it runs, or when it could not say). */
  get programEnd(): string | undefined {
    const exit = this.processes.values().next().value?.exit;
    if (!exit) return undefined;
    if (exit.error !== undefined) return `the program crashed: ${exit.error}`;
    return exit.code === undefined || exit.code === 0 ? 'the program exited' : `the program exited with code ${exit.code}`;
  }

  /** Shows the session in `viewer`: everything so far, then what comes, in order, until
   * disposed. `done`: the replay of what came before is over. */
  attach(viewer: SessionViewer): { dispose(): void; done: Promise<void> } {
    // One moment: what viewers have been given so far is the spool up to here, and whatever
    // arrives after it waits in this viewer's queue until the replay is done.
    this.flush();
    const attached: Attached = { viewer, queue: [] };
    this.viewers.add(attached);
    const upTo = [...this.processes.values()].map((p) => ({ pid: p.pid, path: p.path, bytes: p.bytes }));
    const pauses = [...this.pauses];
    const endedBefore = this.endedBecause;
    const replay = async (): Promise<void> => {
      // Messages reach the page in the order they are posted: the replay waits only for the
      // piece before the last to be delivered (memory stays bounded to two pieces), not for
      // each, which would add a round trip to the page per piece before the first lane shows.
      // A failure to deliver still ends `done` with it (awaited below).
      const started = settledLater(viewer.start(this.name));
      let delivering: Promise<unknown> | undefined;
      for (const { pid, path, bytes } of upTo) {
        for await (const piece of readLines(path, bytes)) {
          await delivering;
          if (!this.viewers.has(attached)) return;
          delivering = settledLater(viewer.text(pid, piece));
        }
      }
      const paused = pauses.map((pause) => settledLater(viewer.pause(pause)));
      const queue = attached.queue ?? [];
      attached.queue = undefined;
      for (const send of queue) send();
      // (Had it ended later, the queue held the news.)
      if (endedBefore !== undefined) void viewer.ended(endedBefore);
      await Promise.all([started, delivering, ...paused]);
    };
    return { dispose: () => this.viewers.delete(attached), done: replay() };
  }

  /** Asks process `pid` to kill, pause or resume one of its isolates (the Isolates view);
   * false when the process is not connected. What comes of it arrives as trace events. */
  control(pid: number, action: ControlAction, isolate: number, priority?: 'immediate' | 'beforeNextEvent'): boolean {
    if (!this.server || !this.live) return false;
    return this.server.control(pid, { id: ++this.controlRequests, action, isolate, ...(priority ? { priority } : {}) });
  }

  /** The debugger stopped or let go threads of a process. */
  debugPause(message: DebugPauseMessage): void {
    this.pauses.push(message);
    this.toViewers((viewer) => viewer.pause(message));
  }

  /** The session is over: the reader closes (programs still running stream no more), viewers
   * are told why (`reason` may be worked out once the last lines are in). */
  async end(reason: string | (() => string)): Promise<void> {
    if (this.endedBecause !== undefined || this.ending) return;
    this.ending = true;
    // Programs that exited a moment ago may still be sending their last lines.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await this.server?.close();
    this.flush();
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
    const why = typeof reason === 'string' ? reason : reason();
    this.endedBecause = why;
    this.toViewers((viewer) => viewer.ended(why));
    this.emit('ended', why);
    this.emit('changed');
  }

  /** Ends the session if it still runs and deletes its spool. */
  async dispose(): Promise<void> {
    await this.end('the session was closed');
    this.viewers.clear();
    rmSync(this.spoolDir, { recursive: true, force: true });
    this.removeAllListeners();
  }

  private connected(pid: number): void {
    let process = this.processes.get(pid);
    if (!process) {
      const path = join(this.spoolDir, `${pid}.isotrace`);
      this.fds.set(pid, openSync(path, 'a'));
      process = { pid, path, bytes: 0, connected: true, alive: new Set(), spawned: 0 };
      this.processes.set(pid, process);
    }
    process.connected = true;
    this.emit('log', `process ${pid} connected`);
    this.emit('changed');
  }

  private received(pid: number, bytes: Uint8Array): void {
    const process = this.processes.get(pid);
    const fd = this.fds.get(pid);
    if (!process || fd === undefined) return;
    writeSync(fd, bytes);
    process.bytes += bytes.length;
    const scan = scanTraceText(bytes);
    this.events += scan.lines;
    const hadIsolates = this.hasIsolates;
    for (const event of scan.events) {
      if (event.type === 'spawn') {
        process.spawned++;
        process.alive.add(event.isolate);
      } else if (event.isolate === 0) process.exit = { code: event.code, error: event.error };
      else process.alive.delete(event.isolate);
    }
    let pieces = this.pending.get(pid);
    if (!pieces) this.pending.set(pid, (pieces = []));
    pieces.push(bytes);
    // A spawn or an exit changes the lanes: it goes at once (they are few); the rest in batches.
    if (scan.events.length > 0) this.flush();
    else this.batchTimer ??= setTimeout(() => this.flush(), BATCH_MS);
    if (!hadIsolates && this.hasIsolates) this.emit('firstIsolate');
    if (scan.events.length > 0) this.emit('changed');
  }

  private disconnected(pid: number): void {
    const process = this.processes.get(pid);
    if (!process) return;
    process.connected = false;
    // A process that ended took its isolates with it.
    process.alive.clear();
    this.emit('log', `process ${pid} ended its stream`);
    this.emit('changed');
  }

  /** Hands what arrived since the last batch to the viewers, one piece per process. */
  private flush(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    for (const [pid, pieces] of this.pending) {
      const bytes = concatBytes(pieces);
      this.toViewers((viewer) => viewer.text(pid, bytes));
    }
    this.pending.clear();
  }

  private toViewers(send: (viewer: SessionViewer) => unknown): void {
    for (const attached of this.viewers) {
      if (attached.queue) attached.queue.push(() => void send(attached.viewer));
      else void send(attached.viewer);
    }
  }
}

/** The first `bytes` of the file at `path`, in pieces of whole lines, each in a buffer of its own. */
async function* readLines(path: string, bytes: number): AsyncGenerator<Uint8Array> {
  if (bytes === 0) return;
  let rest = new Uint8Array(0);
  for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1, highWaterMark: REPLAY_PIECE })) {
    const joined = concatBytes([rest, chunk as Buffer]);
    const cut = joined.lastIndexOf(10) + 1;
    rest = joined.slice(cut);
    if (cut > 0) yield joined.slice(0, cut);
  }
  if (rest.length > 0) yield rest;
}

/** `result` as a promise that may be awaited later: a rejection before then is not unhandled. */
function settledLater(result: void | Thenable<unknown>): Promise<unknown> {
  const promise = Promise.resolve(result);
  promise.catch(() => undefined);
  return promise;
}
