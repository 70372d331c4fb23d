// The custom editor for .isotrace files (viewType isoscope.timeline), read-only. The file is
// never read whole in the extension host: it is streamed to the timeline in pieces, each
// posted once the previous one was taken, and the timeline reads it with progress.
import * as vscode from 'vscode';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { TimelineWebview } from './timelineWebview';
import { openSourceLocation } from '../sourceLinks';
import type { FindingsProblems } from '../findings/findingsProblems';
import { watchForStuckPage } from './stuckPage';

export const TRACE_EDITOR_VIEW_TYPE = 'isoscope.timeline';

/** Characters per posted piece. */
const PIECE = 1 << 20;

/** How far a trace file's latest streaming got (for the status of big files, and tests). */
export interface FileStreaming {
  size: number;
  /** Characters posted so far. */
  posted: number;
  done: boolean;
}

export class TraceFileEditor implements vscode.CustomReadonlyEditorProvider {
  /** By file path: its latest streaming to a timeline. */
  readonly streaming = new Map<string, FileStreaming>();
  /** By file URI: the timeline of its open editor (the latest, when several show it). */
  private readonly timelines = new Map<string, TimelineWebview>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly problems: FindingsProblems,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  /** The timeline showing the trace file `uri`, if an editor shows it. */
  timelineOf(uri: vscode.Uri): TimelineWebview | undefined {
    return this.timelines.get(uri.toString());
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    let feeding = 0;
    const key = document.uri.toString();
    const timeline = new TimelineWebview(panel, this.extensionUri, {
      feed: (view) => {
        const mine = ++feeding;
        const progress: FileStreaming = { size: 0, posted: 0, done: false };
        this.streaming.set(document.uri.fsPath, progress);
        streamFile(document.uri, view, () => mine === feeding && !view.isDisposed, progress).catch((error: unknown) => {
          this.log.error(`cannot read ${document.uri.fsPath}: ${(error as Error).message}`);
          void view.post({ type: 'fileError', message: (error as Error).message });
        });
      },
      openLocation: (location) => void openSourceLocation(location, this.log),
      findings: (findings) => void this.problems.show(key, findings),
    });
    this.timelines.set(key, timeline);
    panel.onDidDispose(() => {
      if (this.timelines.get(key) !== timeline) return;
      this.timelines.delete(key);
      this.problems.clear(key); // the trace is closed: its Problems go
    });
    // A page that never starts (a code-server race, stuckPage.ts): the editor is opened again in its place.
    watchForStuckPage(timeline, () => {
      this.log.warn(`the page of the editor of ${document.uri.fsPath} did not start; it is opened again`);
      reopen(document.uri, panel).catch((error: unknown) => this.log.error(`cannot open ${document.uri.fsPath} again: ${(error as Error).message}`));
    });
  }
}

/** Closes the trace editor of `uri` that `panel` is, then opens a new one where it was. The
 * close must be over first: while the old editor is in its group, opening the same file there
 * only shows it again. (Where it was the only editor of its group, the group goes with it, and
 * the new editor opens in the group that takes its column.) */
async function reopen(uri: vscode.Uri, panel: vscode.WebviewPanel): Promise<void> {
  const options: vscode.TextDocumentShowOptions = { viewColumn: panel.viewColumn, preserveFocus: !panel.active };
  const tab = vscode.window.tabGroups.all
    .find((group) => group.viewColumn === panel.viewColumn)
    ?.tabs.find((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === TRACE_EDITOR_VIEW_TYPE && t.input.uri.toString() === uri.toString());
  if (tab) await vscode.window.tabGroups.close(tab, true);
  else panel.dispose();
  await vscode.commands.executeCommand('vscode.openWith', uri, TRACE_EDITOR_VIEW_TYPE, options);
}

/** Posts the file at `uri` to `view` in pieces while `wanted()`. */
async function streamFile(uri: vscode.Uri, view: TimelineWebview, wanted: () => boolean, progress: FileStreaming): Promise<void> {
  const name = uri.path.split('/').pop() ?? uri.path;
  if (uri.scheme !== 'file') {
    // Not on this machine's disk (a remote or virtual file system): read through VS Code.
    const bytes = await vscode.workspace.fs.readFile(uri);
    progress.size = bytes.length;
    await view.post({ type: 'fileStart', name, size: bytes.length });
    const text = new TextDecoder().decode(bytes);
    for (let at = 0; at < text.length && wanted(); at += PIECE) {
      await view.post({ type: 'fileText', text: text.slice(at, at + PIECE) });
      progress.posted = Math.min(text.length, at + PIECE);
    }
    if (wanted()) await view.post({ type: 'fileEnd' });
    progress.done = wanted();
    return;
  }
  const { size } = await stat(uri.fsPath);
  progress.size = size;
  await view.post({ type: 'fileStart', name, size });
  const stream = createReadStream(uri.fsPath, { encoding: 'utf8', highWaterMark: PIECE });
  try {
    for await (const chunk of stream) {
      if (!wanted()) return;
      await view.post({ type: 'fileText', text: chunk as string });
      progress.posted += (chunk as string).length;
    }
  } finally {
    stream.destroy();
  }
  if (wanted()) await view.post({ type: 'fileEnd' });
  progress.done = wanted();
}
