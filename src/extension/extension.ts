// The VS Code extension: live timelines of debug sessions and of runs in a terminal, the
// .isotrace editor, the Isolates view, the palette's commands, and the quick fixes of the capture check (whose
// warnings Isoscope's TypeScript server plugin adds inside tsserver). Everything here is glue
// around the session model (session/), the timeline webview (panel/) and the debug integration (debug/).
import * as vscode from 'vscode';
import { SessionRegistry } from './session/sessionRegistry';
import type { LiveSession } from './session/liveSession';
import { SessionPanels, PANEL_VIEW_TYPE } from './panel/sessionPanels';
import { TraceFileEditor, TRACE_EDITOR_VIEW_TYPE } from './panel/traceFileEditor';
import { DebugSessions } from './debug/debugSessions';
import { SessionStatus } from './statusBar';
import { readSettings } from './settings';
import { runWithTracing } from './runWithTracing';
import { saveTrace } from './save/saveTrace';
import { CHECKED_DOCUMENTS, PluginCodeActions } from './codeActions';
import { runInIsolate } from './runInIsolateCommand';
import { IsolatesView } from './isolates/isolatesView';
import { FindingsProblems } from './findings/findingsProblems';

declare const ISOSCOPE_VERSION: string;

/** What the extension gives its tests (the return value of activate). */
export interface IsoscopeApi {
  readonly sessions: SessionRegistry;
  readonly panels: SessionPanels;
  readonly status: SessionStatus;
  readonly traceEditor: TraceFileEditor;
  readonly isolates: IsolatesView;
  readonly problems: FindingsProblems;
  readonly preload: string;
  /** How long activate() took (ms). */
  readonly activationMs: number;
}

let registry: SessionRegistry | undefined;

export function activate(context: vscode.ExtensionContext): IsoscopeApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Isoscope', { log: true });
  const preload = vscode.Uri.joinPath(context.extensionUri, 'dist', 'register.cjs').fsPath;
  const sessions = (registry = new SessionRegistry());
  const problems = new FindingsProblems();
  const panels = new SessionPanels(context.extensionUri, sessions, log, problems);
  const status = new SessionStatus(sessions);
  const traceEditor = new TraceFileEditor(context.extensionUri, log, problems);
  
  /** A session is starting: its panel opens now, at its first isolate, or never (the setting). */
  const sessionStarted = (session: LiveSession): void => {
    const when = readSettings().openTimeline;
    if (when === 'onSessionStart') panels.show(session, { preserveFocus: true });
    else if (when === 'onFirstIsolate') {
      if (session.hasIsolates) panels.show(session, { preserveFocus: true });
      else session.once('firstIsolate', () => session.live && panels.show(session, { preserveFocus: true }));
    }
  };
  sessions.on('added', (session) => session.on('log', (line) => log.info(`[${session.name}] ${line}`)));

  const debugSessions = new DebugSessions(preload, sessions, log, { started: sessionStarted });
  // The Isolates view follows the debug session in focus (the newest live one otherwise).
  const isolates = new IsolatesView(sessions, panels, traceEditor, log, () => {
    const active = vscode.debug.activeDebugSession;
    return active ? debugSessions.traced(active)?.session : undefined;
  }, problems);
  context.subscriptions.push(
    log,
    problems,
    panels,
    status,
    isolates,
    debugSessions,
    vscode.window.registerCustomEditorProvider(TRACE_EDITOR_VIEW_TYPE, traceEditor, {
      webviewOptions: { retainContextWhenHidden: true },
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => panels.restore(panel, state),
    }),
    vscode.commands.registerCommand('isoscope.openTimeline', () => {
      const session = sessions.current ?? sessions.last;
      if (session) panels.show(session, { preserveFocus: false });
      else panels.showEmpty();
    }),
    vscode.commands.registerCommand('isoscope.openTraceFile', async (given?: vscode.Uri) => {
      const uri =
        given ??
        (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Open Trace', filters: { 'Isoscope trace': ['isotrace'], 'All files': ['*'] } }))?.[0];
      if (uri) await vscode.commands.executeCommand('vscode.openWith', uri, TRACE_EDITOR_VIEW_TYPE);
    }),
    vscode.commands.registerCommand('isoscope.runWithTracing', (given?: vscode.Uri) => runWithTracing(given instanceof vscode.Uri ? given : undefined, { sessions, preload, log, started: sessionStarted })),
    vscode.languages.registerCodeActionsProvider(CHECKED_DOCUMENTS, new PluginCodeActions(), PluginCodeActions.metadata),
    vscode.commands.registerCommand('isoscope.runInIsolate', runInIsolate),
    vscode.commands.registerCommand('isoscope.saveTrace', (target?: vscode.Uri) => saveTrace(sessions.current ?? sessions.last, target instanceof vscode.Uri ? target : undefined, log)),
  );
  const activationMs = performance.now() - started;
  log.info(`Isoscope ${ISOSCOPE_VERSION} active (${activationMs.toFixed(1)} ms); the preload for traced programs is ${preload}`);
  return { sessions, panels, status, traceEditor, isolates, problems, preload, activationMs };
}

export async function deactivate(): Promise<void> {
  // Panels and listeners go with context.subscriptions; the sessions' sockets and spools here.
  await registry?.dispose();
}
