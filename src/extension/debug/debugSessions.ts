// Tracing debug sessions: a configuration provider for the Node debug types injects the
// preload and a fresh live session into each launch (injection.ts); the debug session it
// becomes, and the child sessions js-debug starts for its processes and workers, are tied
// to that live session, which ends when the debug session does, saying why.
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import type { LiveSession } from '../session/liveSession';
import type { SessionRegistry } from '../session/sessionRegistry';
import { readSettings } from '../settings';
import { decide, injectTracing, nodeOptionsInEnvFile, NODE_DEBUG_TYPES, SESSION_KEY, type NodeLaunchConfig } from './injection';
import { DebugStops, type EndNotes } from './debugStops';

/** A launch that never became a debug session (failed, or cancelled by another provider) is let go after this. */
const UNSTARTED_MS = 120_000;

export interface DebugHooks {
  /** A traced debug session started. */
  started(session: LiveSession): void;
}

export class DebugSessions implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending = new Map<string, { session: LiveSession; timer: NodeJS.Timeout }>();
  private readonly bound = new Map<string, { session: LiveSession; notes: EndNotes }>();
  private attachSaid = false;

  constructor(
    private readonly preload: string,
    private readonly sessions: SessionRegistry,
    private readonly log: vscode.LogOutputChannel,
    private readonly hooks: DebugHooks,
  ) {
    const provider: vscode.DebugConfigurationProvider = {
      resolveDebugConfigurationWithSubstitutedVariables: (folder, config) => this.resolve(folder, config as NodeLaunchConfig),
    };
    for (const type of NODE_DEBUG_TYPES) this.disposables.push(vscode.debug.registerDebugConfigurationProvider(type, provider));
    const stops = new DebugStops((debugSession) => this.traced(debugSession));
    this.disposables.push(
      vscode.debug.registerDebugAdapterTrackerFactory('*', stops),
      vscode.debug.onDidStartDebugSession((s) => this.onStart(s)),
      vscode.debug.onDidTerminateDebugSession((s) => this.onTerminate(s)),
    );
  }

  /** The live session a debug session (or any of its ancestors) streams to. */
  traced(debugSession: vscode.DebugSession): { session: LiveSession; notes: EndNotes } | undefined {
    for (let s: vscode.DebugSession | undefined = debugSession; s; s = s.parentSession) {
      const found = this.bound.get(s.id) ?? this.bindIfOurs(s);
      if (found) return found;
    }
    return undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    for (const { session, timer } of this.pending.values()) {
      clearTimeout(timer);
      void this.sessions.discard(session);
    }
  }

  private async resolve(folder: vscode.WorkspaceFolder | undefined, config: NodeLaunchConfig): Promise<vscode.DebugConfiguration> {
    const settings = readSettings(folder);
    const decision = decide(config);
    if (!decision.inject) {
      if (decision.why === 'attach' && settings.traceDebugSessions && !this.attachSaid) {
        this.attachSaid = true;
        this.log.warn(`"${config.name ?? config.type}" attaches to a program that is already running: Isoscope cannot add its tracing to it, so it is not traced. Launch the program from a launch configuration, or start it with NODE_OPTIONS="--require ${this.preload}" (this is said once).`);
      }
      return config as vscode.DebugConfiguration;
    }
    if (!settings.traceDebugSessions) return config as vscode.DebugConfiguration;
    let session: LiveSession;
    try {
      session = await this.sessions.create(config.name ?? 'Node.js program');
    } catch (error) {
      this.log.error(`cannot start a live reader for "${config.name}": ${(error as Error).message}; the session runs untraced`);
      return config as vscode.DebugConfiguration;
    }
    const timer = setTimeout(() => {
      this.pending.delete(session.id);
      void this.sessions.discard(session);
    }, UNSTARTED_MS);
    this.pending.set(session.id, { session, timer });
    const envFileNodeOptions = config.envFile ? await readEnvFileNodeOptions(config.envFile) : undefined;
    const injected = injectTracing(config, {
      preload: this.preload,
      sink: session.env,
      heapSampleIntervalMs: settings.heapSampleIntervalMs,
      captureLocations: settings.captureLocations,
      envFileNodeOptions,
      inheritedNodeOptions: process.env['NODE_OPTIONS'],
      sessionKey: session.id,
    });
    this.log.info(`tracing "${session.name}" (${config.type}): NODE_OPTIONS=${String(injected.env?.['NODE_OPTIONS'])}, live reader at ${session.env.ISOSCOPE_SINK}`);
    return injected as vscode.DebugConfiguration;
  }

  private bindIfOurs(debugSession: vscode.DebugSession): { session: LiveSession; notes: EndNotes } | undefined {
    const key = (debugSession.configuration as Record<string, unknown>)[SESSION_KEY];
    if (typeof key !== 'string') return undefined;
    const pending = this.pending.get(key);
    if (!pending) return undefined;
    clearTimeout(pending.timer);
    this.pending.delete(key);
    const found = { session: pending.session, notes: {} };
    this.bound.set(debugSession.id, found);
    this.hooks.started(pending.session);
    return found;
  }

  private onStart(debugSession: vscode.DebugSession): void {
    const found = this.traced(debugSession);
    if (found && !this.bound.has(debugSession.id)) this.bound.set(debugSession.id, found);
  }

  private onTerminate(debugSession: vscode.DebugSession): void {
    const found = this.bound.get(debugSession.id);
    if (!found) return;
    this.bound.delete(debugSession.id);
    // The session ends with the debug session it was injected into (its children end with it).
    if ((debugSession.configuration as Record<string, unknown>)[SESSION_KEY] === found.session.id) {
      const session = found.session;
      const notes = found.notes;
      // The program's own last lines (its exit code) may still be on their way.
      void session.end(() => endReason(notes, session)).then(() => this.log.info(`session "${session.name}" ended: ${session.endedBecause} (${session.events} events)`));
    }
  }
}

function endReason(notes: EndNotes, session: LiveSession): string {
  if (notes.stoppedByUser) return 'stopped by the user';
  const end = session.programEnd;
  if (end) return end;
  if (notes.exitCode !== undefined) return notes.exitCode === 0 ? 'the program exited' : `the program exited with code ${notes.exitCode}`;
  if (notes.adapterFailed) return `the debugger ended unexpectedly (${notes.adapterFailed})`;
  if (notes.adapterError) return `the debug session ended (${notes.adapterError})`;
  return 'the debug session ended';
}

async function readEnvFileNodeOptions(path: string): Promise<string | undefined> {
  try {
    return nodeOptionsInEnvFile(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}
