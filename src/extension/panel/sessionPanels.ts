// The timeline panels of live sessions: one per session, titled with its name, fed the
// session's text from its start (a panel that opens late, is shown again after a refeed, or
// is restored after a reload misses nothing). Also the empty panel, which says how to start
// a session, and which the next session takes over. A panel whose page never starts (a
// code-server race, stuckPage.ts) is made again in its place.
import * as vscode from 'vscode';
import type { LiveSession } from '../session/liveSession';
import type { SessionRegistry } from '../session/sessionRegistry';
import { TimelineWebview } from './timelineWebview';
import { openSourceLocation } from '../sourceLinks';
import type { FindingsProblems } from '../findings/findingsProblems';
import { watchForStuckPage } from './stuckPage';

export const PANEL_VIEW_TYPE = 'isoscope.timelinePanel';

const START_HINT = 'No session is being traced. Press F5 on a Node.js program (Isoscope traces every Node debug session), or run Isoscope: Run Current File with Isolate Tracing. Its isolates and workers appear here as they start.';

interface SessionPanel {
  view: TimelineWebview;
  session: LiveSession | undefined;
  attachment: { dispose(): void } | undefined;
  /** Why there is no session, for a panel without one. */
  hint: string;
}

export class SessionPanels implements vscode.Disposable {
  private readonly panels = new Set<SessionPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly sessions: SessionRegistry,
    private readonly log: vscode.LogOutputChannel,
    private readonly problems: FindingsProblems,
  ) {}

  /** The session's panel, shown. Made when it has none; else an empty panel is taken over,
   * or the panel of an ended session of the same name (the same launch configuration run
   * again: its page is loaded, so the first lane shows without waiting for a new webview). */
  show(session: LiveSession, options: { preserveFocus: boolean }): TimelineWebview {
    const existing = this.find(session) ?? [...this.panels].find((p) => p.session === undefined) ?? [...this.panels].find((p) => p.session?.name === session.name && !p.session.live);
    if (existing) {
      if (existing.session !== session) this.setSession(existing, session);
      existing.view.panel.reveal(undefined, options.preserveFocus);
      return existing.view;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, title(session), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus }, { retainContextWhenHidden: true });
    return this.adopt(panel, session, START_HINT).view;
  }

  /** The panel with nothing to show yet but how to start. */
  showEmpty(): void {
    const existing = [...this.panels].find((p) => p.session === undefined);
    if (existing) return existing.view.panel.reveal();
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Isolate Timeline', vscode.ViewColumn.Beside, { retainContextWhenHidden: true });
    this.adopt(panel, undefined, START_HINT);
  }

  /** A panel VS Code restores after a reload: its session if it still runs, else what happened. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const name = sessionNameIn(state, panel.title);
    const session = name === undefined ? undefined : this.sessions.live.find((s) => s.name === name);
    const hint = name === undefined ? START_HINT : `The session "${name}" is over: a reload of the window ends the tracing of every session (a program run in a terminal may go on there, untraced), and what was traced went with it. Start it again, or open a saved trace (Isoscope: Open Trace File…).`;
    this.adopt(panel, session, hint);
  }

  /** The panel showing `session`, if any. */
  viewOf(session: LiveSession): TimelineWebview | undefined {
    return this.find(session)?.view;
  }

  dispose(): void {
    for (const panel of this.panels) panel.view.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, session: LiveSession | undefined, hint: string): SessionPanel {
    const entry: SessionPanel = { view: undefined as unknown as TimelineWebview, session, attachment: undefined, hint };
    entry.view = new TimelineWebview(panel, this.extensionUri, {
      feed: () => this.feed(entry),
      openLocation: (location) => void openSourceLocation(location, this.log),
      // The session the panel shows now (a panel is taken over by the next run of its configuration).
      findings: (findings) => entry.session && void this.problems.show(entry.session.id, findings),
    });
    if (session) panel.title = title(session);
    panel.onDidDispose(() => {
      entry.attachment?.dispose();
      this.panels.delete(entry);
      if (entry.session) this.problems.clear(entry.session.id);
    });
    watchForStuckPage(entry.view, () => this.remake(entry));
    this.panels.add(entry);
    return entry;
  }

  /** A new panel in place of `entry`'s, whose page never started, showing the same. */
  private remake(entry: SessionPanel): void {
    const stuck = entry.view.panel;
    this.log.warn(`the page of the panel "${stuck.title}" did not start; it is made again`);
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, stuck.title, { viewColumn: stuck.viewColumn ?? vscode.ViewColumn.Active, preserveFocus: !stuck.active }, { retainContextWhenHidden: true });
    this.adopt(panel, entry.session, entry.hint);
    entry.view.dispose();
  }

  private setSession(entry: SessionPanel, session: LiveSession): void {
    if (entry.session && entry.session !== session) this.problems.clear(entry.session.id); // its Problems go with what it showed
    entry.session = session;
    entry.view.panel.title = title(session);
    this.feed(entry);
  }

  private feed(entry: SessionPanel): void {
    entry.attachment?.dispose();
    entry.attachment = undefined;
    const session = entry.session;
    if (!session) {
      void entry.view.post({ type: 'idle', hint: entry.hint });
      return;
    }
    const attachment = session.attach(entry.view);
    entry.attachment = attachment;
    attachment.done.catch((error: unknown) => this.log.error(`cannot show session "${session.name}": ${(error as Error).message}`));
  }

  private find(session: LiveSession): SessionPanel | undefined {
    return [...this.panels].find((p) => p.session === session);
  }
}

const TITLE_PREFIX = 'Isolates: ';

function title(session: LiveSession): string {
  return `${TITLE_PREFIX}${session.name}`;
}

/** The session a restored panel showed: the timeline keeps the name of what it shows in
 * its state (webview/src/viewMemory.ts), and a panel only shows sessions. Its title names it
 * too, and is all that is left when VS Code for the web did not save the page's latest state
 * (a browser refresh, seen in 2 of 3 in code-server), or when the page never saved one (a
 * panel made again after a stuck page). */
function sessionNameIn(state: unknown, panelTitle: string): string | undefined {
  const name = (state as { name?: unknown } | undefined)?.name;
  if (typeof name === 'string' && name !== '') return name;
  return panelTitle.startsWith(TITLE_PREFIX) && panelTitle.length > TITLE_PREFIX.length ? panelTitle.slice(TITLE_PREFIX.length) : undefined;
}
