// The capture findings as TypeScript diagnostics: a warning at the captured name's use, source
// `isoscope`, which tsserver sends with the file's semantic diagnostics and VS Code shows as it
// shows TypeScript's own (squiggle, hover, Problems), under that source.
import type * as ts from 'typescript';
import type { CaptureFinding } from '../refactor/captureCheck';
import type { Span, TS } from '../refactor/captureTypes';
import { CAPTURE_DIAGNOSTIC_SOURCE } from '../protocol/editorActions';

/** No TypeScript code: VS Code then shows the source alone (`isoscope`), and its TypeScript
 * extension never takes the warning for one of TypeScript's own fixable errors. */
const NO_CODE = 0;

export function toDiagnostic(ts: TS, file: ts.SourceFile, finding: CaptureFinding): ts.Diagnostic {
  return {
    file,
    start: finding.start,
    length: finding.end - finding.start,
    messageText: finding.message,
    category: ts.DiagnosticCategory.Warning,
    code: NO_CODE,
    source: CAPTURE_DIAGNOSTIC_SOURCE,
  };
}

/** The findings that start inside one of `spans` (a region check's checked spans): VS Code
 * replaces the diagnostics inside those with the region's, and keeps the others. */
export function inSpans(findings: readonly CaptureFinding[], spans: readonly Span[]): CaptureFinding[] {
  return findings.filter((finding) => spans.some((span) => finding.start >= span.start && finding.start < span.end));
}
