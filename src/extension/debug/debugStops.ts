// What the debug adapters of a traced session say that the timeline shows: a thread stopped
// (a breakpoint, a step, an exception, stop on entry) and let go again, as spans on the
// lanes of the threads that stopped; and how the session ended (exit code, the user's Stop,
// the adapter failing), for the panel's "session ended" line.
//
// js-debug gives every process and every worker thread its own child session with one
// thread: a worker's is named "[worker N] <name>" (N its Node thread id, the isolate's id in
// the trace), a process's "<script> [<pid>] « <launch name>". The stop of a session is the
// stop of that thread. (Seen in VS Code 1.100's js-debug.)
import * as vscode from 'vscode';
import { processMicros } from '../../runtime/tracing/processClock';
import type { LiveSession } from '../session/liveSession';

export interface EndNotes {
  exitCode?: number;
  stoppedByUser?: boolean;
  adapterFailed?: string;
  /** An error the adapter's connection reported before the session ended. */
  adapterError?: string;
}

interface DapMessage {
  type?: string;
  event?: string;
  command?: string;
  body?: { reason?: string; threadId?: number; allThreadsStopped?: boolean; exitCode?: number; description?: string };
}

export class DebugStops implements vscode.DebugAdapterTrackerFactory {
  constructor(private readonly traced: (debugSession: vscode.DebugSession) => { session: LiveSession; notes: EndNotes } | undefined) {}

  createDebugAdapterTracker(debugSession: vscode.DebugSession): vscode.DebugAdapterTracker | undefined {
    const found = this.traced(debugSession);
    if (!found) return undefined;
    const { session, notes } = found;
    let ended = false;
    let paused = false;
    const mark = (state: 'paused' | 'resumed', reason?: string): void => {
      const target = targetOf(debugSession, session);
      if (target.pid === undefined) return;
      session.debugPause({ type: 'debugPause', state, pid: target.pid, ...(target.isolates ? { isolates: target.isolates } : {}), at: processMicros(), ...(reason ? { reason } : {}) });
    };
    return {
      onDidSendMessage: (message: DapMessage) => {
        if (message.type !== 'event') return;
        if (message.event === 'stopped') {
          paused = true;
          mark('paused', message.body?.description ?? message.body?.reason);
        } else if (message.event === 'continued' && paused) {
          paused = false;
          mark('resumed');
        } else if (message.event === 'exited' && typeof message.body?.exitCode === 'number') {
          notes.exitCode ??= message.body.exitCode;
          ended = true;
        } else if (message.event === 'terminated') ended = true;
      },
      onWillReceiveMessage: (message: DapMessage) => {
        if (message.type !== 'request') return;
        // A resume from the editor (continue, a step) may come without a "continued" event.
        if (paused && ['continue', 'next', 'stepIn', 'stepOut', 'reverseContinue', 'stepBack'].includes(message.command ?? '')) {
          paused = false;
          mark('resumed');
        }
        if ((message.command === 'disconnect' || message.command === 'terminate') && !ended) notes.stoppedByUser = true;
      },
      onError: (error: Error) => {
        // js-debug's child sessions close their connection as they end: not a failure by itself.
        if (!ended) notes.adapterError ??= error.message;
      },
      onExit: (code: number | undefined, signal: string | undefined) => {
        if (!ended && (signal || (code !== undefined && code !== 0))) notes.adapterFailed ??= signal ? `signal ${signal}` : `exit code ${code}`;
        if (paused) mark('resumed');
      },
    };
  }
}

/** The process and threads a debug session's stops belong to. */
function targetOf(debugSession: vscode.DebugSession, session: LiveSession): { pid: number | undefined; isolates?: number[] } {
  const worker = /^\[worker (\d+)\]/.exec(debugSession.name);
  if (worker) {
    const parent = debugSession.parentSession ? pidOf(debugSession.parentSession) : undefined;
    return { pid: parent ?? session.mainPid, isolates: [Number(worker[1])] };
  }
  return { pid: pidOf(debugSession) ?? session.mainPid, isolates: [0] };
}

function pidOf(debugSession: vscode.DebugSession): number | undefined {
  const match = /\[(\d+)\]/.exec(debugSession.name);
  return match ? Number(match[1]) : undefined;
}
