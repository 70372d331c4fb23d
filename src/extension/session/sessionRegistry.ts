// The live sessions of this window: debug sessions being traced and runs in a terminal.
// The newest live one is "current" (the status bar, Open Isolate Timeline); the newest of
// all, live or ended, is what Save Trace saves. Ended sessions keep their spool for Save
// Trace until a few newer ones have ended.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { LiveSession } from './liveSession';

/** Ended sessions kept for Save Trace and their panels; older ones are disposed. */
const KEEP_ENDED = 3;

export class SessionRegistry extends EventEmitter<{ added: [LiveSession]; changed: [] }> {
  private readonly sessions: LiveSession[] = [];

  /** Starts a session listening for its programs. */
  async create(name: string): Promise<LiveSession> {
    const session = await LiveSession.start(randomBytes(8).toString('hex'), name);
    this.sessions.push(session);
    session.on('changed', () => this.emit('changed'));
    session.on('ended', () => this.trim());
    this.emit('added', session);
    this.emit('changed');
    return session;
  }

  get all(): readonly LiveSession[] {
    return this.sessions;
  }

  get live(): LiveSession[] {
    return this.sessions.filter((s) => s.live);
  }

  /** The newest live session. */
  get current(): LiveSession | undefined {
    return this.live.at(-1);
  }

  /** The newest session, live or ended. */
  get last(): LiveSession | undefined {
    return this.sessions.at(-1);
  }

  byId(id: string): LiveSession | undefined {
    return this.sessions.find((s) => s.id === id);
  }

  /** Forgets a session that never started (its launch failed or was cancelled). */
  async discard(session: LiveSession): Promise<void> {
    const at = this.sessions.indexOf(session);
    if (at !== -1) this.sessions.splice(at, 1);
    await session.dispose();
    this.emit('changed');
  }

  async dispose(): Promise<void> {
    await Promise.all(this.sessions.splice(0).map((s) => s.dispose()));
  }

  private trim(): void {
    const ended = this.sessions.filter((s) => !s.live);
    for (const old of ended.slice(0, Math.max(0, ended.length - KEEP_ENDED))) void this.discard(old);
  }
}
