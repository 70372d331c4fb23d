// Following a source link from the timeline: the editor opens at the place, at its original
// source when a source map says where that is (sourceMaps.ts).
import * as vscode from 'vscode';
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from '../protocol/traceEvents';
import { originalPosition } from './sourceMaps';

export async function openSourceLocation(location: SourceLocation, log: vscode.LogOutputChannel): Promise<void> {
  let uri: vscode.Uri;
  let line = Math.max(1, location.line);
  let column = Math.max(1, location.column);
  if (location.url.startsWith('file:')) {
    const path = fileURLToPath(location.url);
    const original = await originalPosition({ path, line, column });
    uri = vscode.Uri.file(original?.path ?? path);
    if (original) ({ line, column } = original);
  } else if (location.url.startsWith('/')) uri = vscode.Uri.file(location.url);
  else {
    void vscode.window.showWarningMessage(`Isoscope: ${location.url} is not a file in this workspace, so it cannot be opened.`);
    return;
  }
  try {
    const position = new vscode.Position(line - 1, column - 1);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One, preview: true });
  } catch (error) {
    log.warn(`cannot open ${uri.fsPath}: ${(error as Error).message}`);
    void vscode.window.showWarningMessage(`Isoscope: cannot open ${uri.fsPath}: ${(error as Error).message}`);
  }
}
