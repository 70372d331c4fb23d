// The custom editor for .isotrace files (viewType isoscope.timeline), read-only. The file is
// never read whole in the extension host: it is streamed to the timeline in pieces, each
// posted once the previous one was taken, and the timeline reads it with progress.
import * as vscode from 'vscode';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { TimelineWebview } from './timelineWebview';
import { openSourceLocation } from '../sourceLinks';

export const TRACE_EDITOR_VIEW_TYPE = 'isoscope.timeline';

/** Characters per posted piece. */
const PIECE = 1 << 20;

export class TraceFileEditor implements vscode.CustomReadonlyEditorProvider {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    let feeding = 0;
    new TimelineWebview(panel, this.extensionUri, {
      feed: (view) => {
        const mine = ++feeding;
        streamFile(document.uri, view, () => mine === feeding && !view.isDisposed).catch((error: unknown) => {
          this.log.error(`cannot read ${document.uri.fsPath}: ${(error as Error).message}`);
          void view.post({ type: 'fileError', message: (error as Error).message });
        });
      },
      openLocation: (location) => void openSourceLocation(location, this.log),
    });
  }
}

/** Posts the file at `uri` to `view` in pieces while `wanted()`. */
async function streamFile(uri: vscode.Uri, view: TimelineWebview, wanted: () => boolean): Promise<void> {
  const name = uri.path.split('/').pop() ?? uri.path;
  if (uri.scheme !== 'file') {
    // Not on this machine's disk (a remote or virtual file system): read through VS Code.
    const bytes = await vscode.workspace.fs.readFile(uri);
    await view.post({ type: 'fileStart', name, size: bytes.length });
    const text = new TextDecoder().decode(bytes);
    for (let at = 0; at < text.length && wanted(); at += PIECE) await view.post({ type: 'fileText', text: text.slice(at, at + PIECE) });
    if (wanted()) await view.post({ type: 'fileEnd' });
    return;
  }
  const { size } = await stat(uri.fsPath);
  await view.post({ type: 'fileStart', name, size });
  const stream = createReadStream(uri.fsPath, { encoding: 'utf8', highWaterMark: PIECE });
  try {
    for await (const chunk of stream) {
      if (!wanted()) return;
      await view.post({ type: 'fileText', text: chunk as string });
    }
  } finally {
    stream.destroy();
  }
  if (wanted()) await view.post({ type: 'fileEnd' });
}
