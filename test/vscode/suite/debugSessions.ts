// Watches every debug session of this host while a test debugs a program: which sessions
// js-debug starts (the launch, one per process, one per worker thread), what their
// configurations hold, and the DAP events their adapters send (through a tracker for '*').
// A stop (a `debugger` statement, say) is recorded and continued, so the program runs on.
import * as vscode from 'vscode';

export interface SessionSeen {
  id: string;
  name: string;
  type: string;
  parentName?: string;
  /** The configuration with its strings cut short and its objects reduced to their keys. */
  configuration: Record<string, unknown>;
}

/** A DAP event an adapter sent, with the name of the session it came from. */
export interface EventSeen {
  session: string;
  event: string;
  body: Record<string, unknown>;
}

function summarise(configuration: vscode.DebugConfiguration): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(configuration).map(([key, value]) => {
      if (typeof value === 'string') return [key, value.length > 160 ? `${value.slice(0, 160)}…` : value];
      if (value && typeof value === 'object') return [key, Array.isArray(value) ? `[${value.length} items]` : `{${Object.keys(value).join(', ')}}`];
      return [key, value];
    }),
  );
}

/** Starts watching; dispose() stops. `ended(name)` waits for the end of the top-level session named `name`. */
export function watchDebugSessions() {
  const sessions: SessionSeen[] = [];
  const threadEvents: (EventSeen & { reason?: string; threadId?: number })[] = [];
  const stoppedEvents: EventSeen[] = [];
  const processEvents: EventSeen[] = [];
  const output: string[] = [];
  const ends: vscode.DebugSession[] = [];
  const waiting = new Set<() => void>();
  const disposables = [
    vscode.debug.onDidStartDebugSession((session) => {
      sessions.push({ id: session.id, name: session.name, type: session.type, ...(session.parentSession ? { parentName: session.parentSession.name } : {}), configuration: summarise(session.configuration) });
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      ends.push(session);
      for (const wake of waiting) wake();
    }),
    vscode.debug.registerDebugAdapterTrackerFactory('*', {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (message: { type?: string; event?: string; body?: Record<string, unknown> }) => {
          if (message.type !== 'event') return;
          const seen = { session: session.name, event: message.event ?? '', body: message.body ?? {} };
          if (message.event === 'thread') threadEvents.push({ ...seen, reason: seen.body.reason as string, threadId: seen.body.threadId as number });
          if (message.event === 'process') processEvents.push(seen);
          if (message.event === 'stopped') {
            stoppedEvents.push(seen);
            void session.customRequest('continue', { threadId: seen.body.threadId });
          }
          if (message.event === 'output' && typeof seen.body.output === 'string') output.push(seen.body.output);
        },
      }),
    }),
  ];

  async function ended(name: string, timeoutMs: number): Promise<void> {
    const done = () => ends.some((session) => session.name === name && !session.parentSession);
    let timer: NodeJS.Timeout | undefined;
    let wake = () => {};
    try {
      await new Promise<void>((resolve, reject) => {
        wake = () => done() && resolve();
        waiting.add(wake);
        wake();
        timer = setTimeout(() => reject(new Error(`the debug session '${name}' did not end within ${timeoutMs / 1000} s; sessions: ${JSON.stringify(sessions.map((session) => session.name))}`)), timeoutMs);
      });
    } finally {
      clearTimeout(timer);
      waiting.delete(wake);
    }
  }

  return {
    sessions,
    threadEvents,
    stoppedEvents,
    processEvents,
    output,
    ended,
    dispose: () => disposables.forEach((disposable) => disposable.dispose()),
  };
}
