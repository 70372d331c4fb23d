// The command `isoscope.runInIsolate` (Isoscope: Run Selection in Isolate, in the palette and the
// editor's context menu): the "Run in isolate" refactor at the active editor's selection, asked
// of the TypeScript server plugin as the code action is (./codeActions.ts). It applies the
// enabled offer as one WorkspaceEdit (one undo step); where the only move also makes the
// enclosing function async, it says why and applies that only when the user picks it; a refused
// move shows its reason; nothing to move says so. It returns what it did, for its tests.
import * as vscode from 'vscode';
import type { CodeActionOffer } from '../protocol/editorActions';
import { askPlugin, CHECKED_DOCUMENTS, RUN_IN_ISOLATE, workspaceEdit } from './codeActions';

export type RunInIsolateOutcome = { applied: string } | { shown: string };

export const NOTHING_TO_MOVE = 'Nothing here to run in an isolate: select an expression, or put the cursor in a call of a function this file defines or imports.';

export async function runInIsolate(): Promise<RunInIsolateOutcome> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || vscode.languages.match(CHECKED_DOCUMENTS, editor.document) === 0) {
    return shown('Run in isolate works in a JavaScript or TypeScript editor: open one and select what to move.', 'information');
  }
  const { document, selection } = editor;
  const offers = await askPlugin(document, selection, [RUN_IN_ISOLATE.value]);
  const enabled = offers.filter((offer): offer is Extract<CodeActionOffer, { edits: unknown }> => 'edits' in offer);
  const refused = offers.find((offer): offer is Extract<CodeActionOffer, { disabledReason: string }> => 'disabledReason' in offer);
  const move = enabled[0];
  if (!move) return refused ? shown(`Cannot run this in an isolate: ${refused.disabledReason}`, 'warning') : shown(NOTHING_TO_MOVE, 'information');
  if (refused) {
    // The move changes the enclosing function's contract: only on the user's word.
    const picked = await vscode.window.showWarningMessage(refused.disabledReason, move.title);
    if (picked !== move.title) return { shown: refused.disabledReason };
  }
  if (!(await vscode.workspace.applyEdit(workspaceEdit(document, move.edits)))) return shown('The edit of Run in isolate could not be applied (the file changed?).', 'warning');
  return { applied: move.title };
}

function shown(message: string, as: 'information' | 'warning'): RunInIsolateOutcome {
  void (as === 'warning' ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
  return { shown: message };
}
