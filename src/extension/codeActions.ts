// The code actions of Isoscope's TypeScript server plugin in the editor: today the capture
// check's quick fixes ("Pass `x` as an argument", "Import `y` inside the isolate") on its
// warnings. The warnings themselves come from tsserver with TypeScript's own diagnostics; their
// fixes cannot (VS Code's TypeScript extension asks tsserver for fixes only for the error codes
// TypeScript knows), so this provider asks the plugin through `typescript.tsserverRequest`
// (src/protocol/editorActions.ts). Every action it returns is one the plugin offered: the
// "Run in isolate" refactor's offers (enabled, or disabled with their reason) come the same way.
import * as vscode from 'vscode';
import { CAPTURE_DIAGNOSTIC_SOURCE, CODE_ACTIONS_COMMAND, type CodeActionOffer, type CodeActionsResponse, type LineOffset } from '../protocol/editorActions';

/** The languages tsserver serves, in files on disk (or not yet saved). */
export const CHECKED_DOCUMENTS: vscode.DocumentSelector = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].flatMap((language) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
]);

export class PluginCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const warnings = context.diagnostics.filter((diagnostic) => diagnostic.source === CAPTURE_DIAGNOSTIC_SOURCE);
    const kinds = kindsToAsk(context, warnings);
    if (kinds.length === 0) return [];
    const around = warnings.reduce((union, warning) => union.union(warning.range), range);
    let response: { body?: CodeActionsResponse } | undefined;
    try {
      response = await vscode.commands.executeCommand('typescript.tsserverRequest', CODE_ACTIONS_COMMAND, {
        file: document.uri,
        start: toLineOffset(around.start),
        end: toLineOffset(around.end),
        kinds: kinds.map((kind) => kind.value),
      });
    } catch {
      return []; // tsserver restarting, or the file no longer open there: no fixes to offer now
    }
    if (token.isCancellationRequested) return [];
    return (response?.body?.offers ?? []).map((offer) => toCodeAction(document, offer, warnings));
  }
}

/** The kinds worth asking the plugin for here: the check's quick fixes, where its warnings are
 * (most ranges hold none: then tsserver is not asked at all). "Run in isolate" (kind
 * refactor.rewrite.isolate) joins them here, asked on a selection or from the Refactor menu. */
function kindsToAsk(context: vscode.CodeActionContext, warnings: readonly vscode.Diagnostic[]): vscode.CodeActionKind[] {
  const wanted = (kind: vscode.CodeActionKind): boolean => !context.only || context.only.contains(kind) || kind.contains(context.only);
  return warnings.length > 0 && wanted(vscode.CodeActionKind.QuickFix) ? [vscode.CodeActionKind.QuickFix] : [];
}

function toCodeAction(document: vscode.TextDocument, offer: CodeActionOffer, warnings: readonly vscode.Diagnostic[]): vscode.CodeAction {
  const action = new vscode.CodeAction(offer.title, vscode.CodeActionKind.Empty.append(offer.kind));
  if ('disabledReason' in offer) {
    action.disabled = { reason: offer.disabledReason };
    return action;
  }
  action.edit = new vscode.WorkspaceEdit();
  for (const edit of offer.edits) action.edit.replace(document.uri, new vscode.Range(toPosition(edit.start), toPosition(edit.end)), edit.newText);
  if (offer.fixes) {
    const fixed = new vscode.Range(toPosition(offer.fixes.start), toPosition(offer.fixes.end));
    action.diagnostics = warnings.filter((warning) => warning.range.isEqual(fixed));
  }
  if (offer.preferred) action.isPreferred = true;
  return action;
}

function toLineOffset(position: vscode.Position): LineOffset {
  return { line: position.line + 1, offset: position.character + 1 };
}

function toPosition(at: LineOffset): vscode.Position {
  return new vscode.Position(at.line - 1, at.offset - 1);
}
