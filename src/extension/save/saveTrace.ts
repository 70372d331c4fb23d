// Isoscope: Save Trace… — the live session's trace so far, or the last session's, as an
// .isotrace file or Chrome Trace JSON (by the name's extension). Every process the timeline
// shows is kept (trace format v2).
import * as vscode from 'vscode';
import { join } from 'node:path';
import type { LiveSession } from '../session/liveSession';
import type { SaveFormat, SaveResult, SpoolFile } from './writeSessionTrace';

type Writer = (files: SpoolFile[], output: string, format: SaveFormat) => Promise<SaveResult>;

/** Saves `session` to `target`, or where the user says; the file written, or undefined when cancelled. */
export async function saveTrace(session: LiveSession | undefined, target: vscode.Uri | undefined, log: vscode.LogOutputChannel): Promise<vscode.Uri | undefined> {
  if (!session) {
    void vscode.window.showInformationMessage('Isoscope: there is no trace to save yet. Start a debug session (F5) or Isoscope: Run Current File with Isolate Tracing, then save its trace.');
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const suggested = `${session.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'session'}.isotrace`;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: `Save the trace of "${session.name}"`,
      defaultUri: folder ? vscode.Uri.joinPath(folder, suggested) : undefined,
      filters: { 'Isoscope trace': ['isotrace'], 'Chrome Trace JSON (Perfetto, chrome://tracing)': ['json'] },
    }));
  if (!uri) return undefined;
  const format: SaveFormat = uri.path.toLowerCase().endsWith('.json') ? 'chrome' : 'isotrace';
  const files = [...session.processes.values()].map(({ pid, path, bytes }) => ({ pid, path, bytes }));
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Isoscope: saving the trace of "${session.name}"…` }, () => loadWriter()(files, uri.fsPath, format));
    log.info(`saved "${session.name}" to ${uri.fsPath} (${format}): ${result.events} events from ${result.processes} process(es)${result.problems ? `, ${result.problems} bad line(s) left out` : ''}`);
    void vscode.window.showInformationMessage(`Isoscope: saved ${result.events.toLocaleString('en-US')} events${result.processes > 1 ? ` from ${result.processes} processes` : ''} to ${vscode.workspace.asRelativePath(uri)}.`);
    return uri;
  } catch (error) {
    log.error(`cannot save "${session.name}" to ${uri.fsPath}: ${(error as Error).message}`);
    void vscode.window.showErrorMessage(`Isoscope: cannot save the trace: ${(error as Error).message}`);
    return undefined;
  }
}

/** The writer's bundle (dist/traceWriter.cjs), loaded on first use: it carries the trace parser. */
function loadWriter(): Writer {
  return (require(join(__dirname, 'traceWriter.cjs')) as { writeSessionTrace: Writer }).writeSessionTrace;
}
