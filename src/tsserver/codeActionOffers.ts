// The code actions the plugin offers at a range of a file, as the extension asks for them
// (src/protocol/editorActions.ts): the capture check's quick fixes ("Pass `x` as an argument",
// "Import `y` inside the isolate") for the findings the range touches, and the "Run in isolate"
// refactor's offers for the range (enabled with edits, or disabled with the reason).
import type * as ts from 'typescript';
import type { TS } from '../refactor/captureTypes';
import type { TextEdit } from '../refactor/captureFixes';
import type { CodeActionOffer, CodeActionsRequest, LineOffset, LineOffsetEdit } from '../protocol/editorActions';
import { findingsAt } from './findingsCache';
import { RUN_IN_ISOLATE_KIND, runInIsolateOffers } from '../refactor/runInIsolate';

export const QUICK_FIX_KIND = 'quickfix';

/** The offers of the kinds asked for, for the range `request` names in `program`. */
export function codeActionOffers(ts: TS, program: ts.Program, request: CodeActionsRequest): CodeActionOffer[] {
  const file = program.getSourceFile(request.file);
  if (!file) return [];
  const offers: CodeActionOffer[] = [];
  const start = positionOf(file, request.start);
  const end = positionOf(file, request.end);
  if (asked(request, QUICK_FIX_KIND)) {
    for (const finding of findingsAt(ts, program, request.file, { start, end })) {
      // A finding is touched when the ranges overlap, or the cursor (an empty range) is at its edge.
      if (finding.start > end || finding.end < start) continue;
      for (const fix of finding.fixes) {
        offers.push({
          title: fix.title,
          kind: QUICK_FIX_KIND,
          edits: fix.edits.map((edit) => toLineOffsetEdit(file, edit)),
          fixes: { start: lineOffsetOf(file, finding.start), end: lineOffsetOf(file, finding.end) },
        });
      }
    }
  }
  if (asked(request, RUN_IN_ISOLATE_KIND)) {
    for (const offer of runInIsolateOffers(ts, file, program.getTypeChecker(), { start, end }, program.getCompilerOptions())) {
      offers.push('edits' in offer ? { ...offer, edits: offer.edits.map((edit) => toLineOffsetEdit(file, edit)) } : offer);
    }
  }
  return offers;
}

/** Whether the request asks for `kind`: by its name, or by a kind that contains it ('refactor'). */
function asked(request: CodeActionsRequest, kind: string): boolean {
  return request.kinds.some((wanted) => wanted === kind || kind.startsWith(`${wanted}.`) || wanted === '');
}

/** The offset of a line and column, kept inside the file and the line (a range from an editor
 * whose text has just changed may reach past either; TypeScript's own conversion asserts). */
function positionOf(file: ts.SourceFile, at: LineOffset): number {
  const starts = file.getLineStarts();
  const line = Math.min(Math.max(at.line - 1, 0), starts.length - 1);
  const lineEnd = line + 1 < starts.length ? starts[line + 1]! - 1 : file.text.length;
  return Math.min(starts[line]! + Math.max(at.offset - 1, 0), lineEnd);
}

function lineOffsetOf(file: ts.SourceFile, position: number): LineOffset {
  const { line, character } = file.getLineAndCharacterOfPosition(position);
  return { line: line + 1, offset: character + 1 };
}

function toLineOffsetEdit(file: ts.SourceFile, edit: TextEdit): LineOffsetEdit {
  return { start: lineOffsetOf(file, edit.start), end: lineOffsetOf(file, edit.end), newText: edit.newText };
}
