// The code actions of Isoscope's TypeScript server plugin in the editor: the capture check's
// quick fixes ("Pass `x` as an argument", "Import `y` inside the isolate") on its warnings, and
// the "Run in isolate" refactor (kind refactor.rewrite.isolate) on a selection or with the cursor
// in a call. The warnings themselves come from tsserver with TypeScript's own diagnostics; their
// fixes cannot (VS Code's TypeScript extension asks tsserver for fixes only for the error codes
// TypeScript knows), so this provider asks the plugin through `typescript.tsserverRequest`
// (src/protocol/editorActions.ts). Every action it returns is one the plugin offered, enabled
// with its edits or disabled with its reason (VS Code shows those in the Refactor… menu).
import * as vscode from 'vscode';
import { CAPTURE_DIAGNOSTIC_SOURCE, CODE_ACTIONS_COMMAND, RUN_IN_ISOLATE_KIND, type CodeActionOffer, type CodeActionsResponse, type LineOffset, type LineOffsetEdit } from '../protocol/editorActions';

/** The languages tsserver serves, in files on disk (or not yet saved). */
export const CHECKED_DOCUMENTS: vscode.DocumentSelector = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].flatMap((language) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
]);

/** The refactor's kind, the one the plugin offers (src/protocol/editorActions.ts). */
export const RUN_IN_ISOLATE = vscode.CodeActionKind.Empty.append(RUN_IN_ISOLATE_KIND);

export class PluginCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, RUN_IN_ISOLATE] };

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const warnings = context.diagnostics.filter((diagnostic) => diagnostic.source === CAPTURE_DIAGNOSTIC_SOURCE);
    const kinds = kindsToAsk(context, range, warnings);
    if (kinds.length === 0) return [];
    // The quick fixes' findings are asked for around the warnings; the refactor at the range itself.
    const around = warnings.reduce((union, warning) => union.union(warning.range), range);
    const asks = kinds.map((kind) => askPlugin(document, kind.value === RUN_IN_ISOLATE.value ? range : around, [kind.value]));
    const offers = (await Promise.all(asks)).flat();
    if (token.isCancellationRequested) return [];
    return offers.map((offer) => toCodeAction(document, offer, warnings));
  }
}

/** The offers of the plugin for `range` of the document, of the given kinds; none when tsserver
 * cannot answer (restarting, or the file not open there). */
export async function askPlugin(document: vscode.TextDocument, range: vscode.Range, kinds: string[]): Promise<CodeActionOffer[]> {
  try {
    const response = await vscode.commands.executeCommand<{ body?: CodeActionsResponse } | undefined>('typescript.tsserverRequest', CODE_ACTIONS_COMMAND, {
      file: document.uri,
      start: toLineOffset(range.start),
      end: toLineOffset(range.end),
      kinds,
    });
    return response?.body?.offers ?? [];
  } catch {
    return [];
  }
}

/** The kinds worth asking the plugin for here: the check's quick fixes, where its warnings are
 * (most ranges hold none: then tsserver is not asked for them), and the refactor when the user
 * asks (the Refactor… menu, the lightbulb's menu) or has selected something, as VS Code's own
 * TypeScript refactors are (never on a bare cursor move). */
function kindsToAsk(context: vscode.CodeActionContext, range: vscode.Range, warnings: readonly vscode.Diagnostic[]): vscode.CodeActionKind[] {
  const wanted = (kind: vscode.CodeActionKind): boolean => !context.only || context.only.contains(kind) || kind.contains(context.only);
  const kinds: vscode.CodeActionKind[] = [];
  if (warnings.length > 0 && wanted(vscode.CodeActionKind.QuickFix)) kinds.push(vscode.CodeActionKind.QuickFix);
  if (wanted(RUN_IN_ISOLATE) && (context.triggerKind === vscode.CodeActionTriggerKind.Invoke || !range.isEmpty)) kinds.push(RUN_IN_ISOLATE);
  return kinds;
}

function toCodeAction(document: vscode.TextDocument, offer: CodeActionOffer, warnings: readonly vscode.Diagnostic[]): vscode.CodeAction {
  const action = new vscode.CodeAction(offer.title, vscode.CodeActionKind.Empty.append(offer.kind));
  if ('disabledReason' in offer) {
    action.disabled = { reason: offer.disabledReason };
    return action;
  }
  action.edit = workspaceEdit(document, offer.edits);
  if (offer.fixes) {
    const fixed = new vscode.Range(toPosition(offer.fixes.start), toPosition(offer.fixes.end));
    action.diagnostics = warnings.filter((warning) => warning.range.isEqual(fixed));
  }
  if (offer.preferred) action.isPreferred = true;
  return action;
}

/** An offer's edits as one WorkspaceEdit: applied together, one undo step. */
export function workspaceEdit(document: vscode.TextDocument, edits: readonly LineOffsetEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const one of edits) edit.replace(document.uri, new vscode.Range(toPosition(one.start), toPosition(one.end)), one.newText);
  return edit;
}

function toLineOffset(position: vscode.Position): LineOffset {
  return { line: position.line + 1, offset: position.character + 1 };
}

function toPosition(at: LineOffset): vscode.Position {
  return new vscode.Position(at.line - 1, at.offset - 1);
}
