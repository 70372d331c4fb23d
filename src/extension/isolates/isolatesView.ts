// The Isolates view (isoscope.isolates, in Run and Debug): the isolates of the trace file whose
// editor is focused, else of the debug session in focus (else the newest live session, else
// the newest ended one), nested under the isolate that spawned them, a process's main isolate
// at the top (one per process when there are several). Each shows its state (rowLook.ts),
// drawn again within 250 ms of a change while the view is visible (hidden, it reads nothing);
// its heap and messages are in its tooltip, read when it is hovered: they change all the time,
// and a row drawn again closes its context menu and can lose a click on its inline action.
// Its context actions kill, pause or resume an isolate through the session's control requests
// (the program acts and the trace shows it; a trace file's isolates are history: no control),
// reveal its spawn site and show it in the timeline. A row a finding names (findingsProblems.ts)
// has a badge with how many (findingBadges.ts) and lists them in its tooltip.
// The session model (the trace reader) is a bundle of its own, loaded when the view first shows.
import * as vscode from 'vscode';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { SessionRegistry } from '../session/sessionRegistry';
import type { LiveSession } from '../session/liveSession';
import type { SessionPanels } from '../panel/sessionPanels';
import { TRACE_EDITOR_VIEW_TYPE, type TraceFileEditor } from '../panel/traceFileEditor';
import type { SessionModel } from './sessionModel';
import type { IsolateRow } from '../../protocol/isolateTable';
import { openSourceLocation } from '../sourceLinks';
import type { FindingsProblems } from '../findings/findingsProblems';
import type { Finding } from '../../protocol/findings/findingTypes';
import { RowRedraws } from './rowRedraws';
import { rowLook, rowTooltip, WORKER_CANNOT_PAUSE, type RowPlace } from './rowLook';
import { FindingBadges, rowUri } from './findingBadges';

export const ISOLATES_VIEW = 'isoscope.isolates';
/** At most this often the tree is redrawn while events come (ms): 4 times a second. */
const REFRESH_MS = 250;

/** The model's bundle (dist/sessionModel.cjs), loaded on first use. */
function loadModel(): (options: { live: boolean }) => SessionModel {
  return (require(join(__dirname, 'sessionModel.cjs')) as { createSessionModel: (options: { live: boolean }) => SessionModel }).createSessionModel;
}

export class IsolatesView implements vscode.TreeDataProvider<IsolateRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<IsolateRow | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<IsolateRow>;
  /** The session shown, or the trace file, and its model (while the view is visible). */
  session: LiveSession | undefined;
  file: vscode.Uri | undefined;
  private model: SessionModel | undefined;
  private attachment: { dispose(): void } | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private shownVersion = '';
  /** Which rows to draw again (rowRedraws.ts). */
  private readonly redraws = new RowRedraws();
  /** The rows' findings (a decoration of each row's resourceUri). */
  private readonly badges = new FindingBadges((owner, pid, id) => (owner === this.owner ? this.findingsNaming(pid, id) : []));
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly sessions: SessionRegistry,
    private readonly panels: SessionPanels,
    private readonly traceFiles: TraceFileEditor,
    private readonly log: vscode.LogOutputChannel,
    /** The live session of the debug session in focus, if it is traced. */
    private readonly focusedSession: () => LiveSession | undefined,
    private readonly problems: FindingsProblems,
  ) {
    this.view = vscode.window.createTreeView(ISOLATES_VIEW, { treeDataProvider: this, showCollapseAll: true });
    const follow = (): void => this.follow();
    sessions.on('changed', follow);
    this.disposables.push(
      this.view,
      this.changed,
      this.badges,
      this.view.onDidChangeVisibility(follow),
      vscode.window.tabGroups.onDidChangeTabs(follow),
      vscode.window.tabGroups.onDidChangeTabGroups(follow),
      vscode.debug.onDidChangeActiveDebugSession(follow),
      // New findings of what the view shows: its badges change (its rows are not drawn again).
      problems.onDidChange((owner) => {
        if (owner === this.owner) this.badges.update(this.rows.map((row) => rowUri(owner, row.pid, row.id)));
      }),
      { dispose: () => sessions.off('changed', follow) },
      vscode.commands.registerCommand('isoscope.isolates.kill', (row?: IsolateRow) => this.control(row, 'kill')),
      vscode.commands.registerCommand('isoscope.isolates.pause', (row?: IsolateRow) => this.control(row, 'pause')),
      vscode.commands.registerCommand('isoscope.isolates.resume', (row?: IsolateRow) => this.control(row, 'resume')),
      vscode.commands.registerCommand('isoscope.isolates.revealSpawnSite', (row?: IsolateRow) => this.revealSpawnSite(row)),
      vscode.commands.registerCommand('isoscope.isolates.showInTimeline', (row?: IsolateRow) => this.showInTimeline(row)),
    );
    this.follow();
  }

  /** Every isolate shown now (for the tests and the commands' defaults). */
  get rows(): IsolateRow[] {
    return this.model?.table.list() ?? [];
  }

  getTreeItem(row: IsolateRow): vscode.TreeItem {
    const look = rowLook(row, this.placeOf(row));
    const item = new vscode.TreeItem(look.label, look.parent ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = `${row.pid}:${row.id}`;
    item.description = look.description;
    item.iconPath = new vscode.ThemeIcon(look.icon, look.iconColor ? new vscode.ThemeColor(look.iconColor) : undefined);
    item.contextValue = look.contextValue;
    const owner = this.owner;
    if (owner) item.resourceUri = rowUri(owner, row.pid, row.id);
    // No tooltip: resolveTreeItem reads it, with the figures of the moment, when it is hovered.
    return item;
  }

  /** The tooltip, with the row's figures as they are now (VS Code asks once per drawing). */
  resolveTreeItem(item: vscode.TreeItem, row: IsolateRow): vscode.TreeItem {
    const now = this.model?.table.get(row.pid, row.id) ?? row;
    item.tooltip = rowTooltip(now, this.several, this.findingsNaming(now.pid, now.id), this.session?.live ? new Date() : undefined);
    return item;
  }

  getChildren(row?: IsolateRow): IsolateRow[] {
    return row ? [...this.children(row)] : this.rows.filter((r) => r.id === 0);
  }

  getParent(row: IsolateRow): IsolateRow | undefined {
    return row.parent === undefined ? undefined : this.model?.table.get(row.pid, row.parent);
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.attachment?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** What Problems are keyed by for what the view shows: the file, or the session. */
  private get owner(): string | undefined {
    return this.file?.toString() ?? this.session?.id;
  }

  private placeOf(row: IsolateRow): RowPlace {
    return { several: this.several, live: this.session?.live === true, parent: this.children(row).length > 0 };
  }

  /** The view shows several processes. */
  private get several(): boolean {
    return (this.model?.table.processCount ?? 0) > 1;
  }

  /** The findings of what the view shows that name isolate `id` of process `pid` (no pid: the
   * trace's first process). */
  private findingsNaming(pid: number, id: number): readonly Finding[] {
    const owner = this.owner;
    if (!owner) return [];
    const firstPid = this.model?.table.firstPid; // (not this.rows: a copy of every row, for each one drawn)
    return this.problems.findingsOf(owner).filter((finding) => finding.isolate === id && (finding.pid ?? firstPid) === pid);
  }

  private children(row: IsolateRow): readonly IsolateRow[] {
    return this.model?.table.children(row) ?? [];
  }

  /** Shows the focused trace file, else the current live session (else the newest), read
   * only while the view is visible. */
  private follow(): void {
    const file = this.view.visible ? focusedTraceFile() : undefined;
    const focused = this.focusedSession();
    const session = this.view.visible && !file ? ((focused?.live ? focused : undefined) ?? this.sessions.current ?? this.sessions.last) : undefined;
    if (file?.toString() === this.file?.toString() && session === this.session) {
      this.schedule();
      return;
    }
    this.attachment?.dispose();
    this.attachment = undefined;
    this.model = undefined;
    this.session = session;
    this.file = file;
    this.view.description = this.describe();
    if (session || file) {
      const model = (this.model = loadModel()({ live: session !== undefined }));
      const take = (pid: number, bytes: Uint8Array): void => {
        model.text(pid, bytes);
        this.schedule();
      };
      if (session) this.attachment = session.attach({ start: () => undefined, text: take, pause: () => undefined, ended: () => this.schedule() });
      else {
        const ended = (): void => {
          model.end();
          this.schedule();
        };
        this.attachment = readTraceFile(file!, take, ended, (error) => this.log.warn(`the Isolates view cannot read ${file!.fsPath}: ${error.message}`));
      }
    }
    this.shownVersion = '';
    this.redraws.reset();
    this.changed.fire(undefined);
  }

  private describe(): string | undefined {
    if (this.file) return `${this.file.path.split('/').pop()} (trace file)`;
    return this.session && `${this.session.name}${this.session.live ? '' : ' (ended)'}`;
  }

  /** Redraws within REFRESH_MS if anything changed. */
  private schedule(): void {
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      const { model, session } = this;
      if (!model) return;
      for (const process of session?.processes.values() ?? []) if (!process.connected) model.processEnded(process.pid);
      this.view.description = this.describe();
      // (A session's end takes the rows' control actions away, whether the table changed or not.)
      const version = `${model.table.version}:${session?.live}`;
      if (version === this.shownVersion) return;
      this.shownVersion = version;
      const redraw = this.redraws.next(this.rows, (row) => rowLook(row, this.placeOf(row)));
      if (redraw.reshaped) this.changed.fire(undefined);
      else for (const row of redraw.rows) this.changed.fire(row);
      // A row drawn as a leaf stays collapsed when children come (VS Code keeps its state):
      // shown expanded, as rows with children are drawn, by showing its first child.
      for (const row of redraw.opened) void this.view.reveal(this.children(row)[0]!, { select: false, focus: false }).then(undefined, () => undefined);
    }, REFRESH_MS);
  }

  private control(row: IsolateRow | undefined, action: 'kill' | 'pause' | 'resume'): boolean {
    const session = this.session;
    if (!row) return false;
    if (!session) {
      void vscode.window.showInformationMessage('Isoscope: these isolates are from a trace file: they ran in the past and cannot be controlled.');
      return false;
    }
    if (!session.live) {
      void vscode.window.showInformationMessage(`Isoscope: the session ${session.name} has ended; its isolates can no longer be controlled.`);
      return false;
    }
    if (action !== 'kill' && row.kind === 'worker') {
      void vscode.window.showInformationMessage(`Isoscope: ${WORKER_CANNOT_PAUSE}`);
      return false;
    }
    const sent = session.control(row.pid, action, row.id, action === 'kill' ? 'immediate' : undefined);
    this.log.info(`[${session.name}] ${action} ${row.debugName} #${row.id} (process ${row.pid}): ${sent ? 'asked' : 'the process is not connected'}`);
    if (!sent) void vscode.window.showWarningMessage(`Isoscope: cannot ${action} ${row.debugName}: its process (${row.pid}) is no longer connected.`);
    return sent;
  }

  private async revealSpawnSite(row: IsolateRow | undefined): Promise<void> {
    if (!row) return;
    if (!row.location) {
      void vscode.window.showInformationMessage(`Isoscope: no spawn site was recorded for ${row.id === 0 ? 'the main isolate' : row.debugName}.`);
      return;
    }
    await openSourceLocation(row.location, this.log);
  }

  private showInTimeline(row: IsolateRow | undefined): void {
    if (!row) return;
    const timeline = this.file ? this.traceFiles.timelineOf(this.file) : this.session && this.panels.show(this.session, { preserveFocus: false });
    void timeline?.post({ type: 'revealLane', pid: row.pid, isolate: row.id });
  }
}

/** The trace file of the active editor, if it is an .isotrace editor. */
function focusedTraceFile(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom && input.viewType === TRACE_EDITOR_VIEW_TYPE ? input.uri : undefined;
}

/** Reads a trace file in pieces into `take` (the reader joins cut lines), then `ended`, until disposed. */
function readTraceFile(uri: vscode.Uri, take: (pid: number, bytes: Uint8Array) => void, ended: () => void, failed: (error: Error) => void): { dispose(): void } {
  if (uri.scheme !== 'file') {
    let wanted = true;
    vscode.workspace.fs.readFile(uri).then((bytes) => {
      if (!wanted) return;
      take(0, bytes);
      ended();
    }, failed);
    return { dispose: () => (wanted = false) };
  }
  const stream = createReadStream(uri.fsPath, { highWaterMark: 1 << 20 });
  stream.on('data', (chunk) => take(0, chunk as Buffer));
  stream.on('end', ended);
  stream.on('error', failed);
  return { dispose: () => stream.destroy() };
}
