// The capture check over one source file: for every function the file hands to an isolate, a
// finding per name it captures, at the name's first use, with the message and the quick fixes'
// edits. The editor shows them as diagnostics (source `isoscope`); `isoscope lint` prints them.
import type * as ts from 'typescript';
import type { Capture, Span, TS } from './captureTypes';
import { findIsolateCalls, type EvalWorker, type IsolateApi, type IsolateEntry } from './isolateCalls';
import { analyzeCaptures } from './captures';
import { analyzeWorkerSource } from './workerSource';
import { captureMessage, entryPhrase } from './captureMessages';
import { importInsideFix, importStatement, moduleStyleOf, passArgumentFix, type CaptureFix, type ModuleStyle } from './captureFixes';

export interface CaptureFinding {
  fileName: string;
  /** The captured name's first use: offsets, and its 1-based line and column. */
  start: number;
  end: number;
  line: number;
  column: number;
  message: string;
  api: IsolateApi;
  /** The function shipped (for an eval worker: its source string). */
  entry: { start: number; end: number; inline: boolean };
  capture: Capture;
  fixes: CaptureFix[];
}

/** The capture findings of `file`, in source order; with `within`, those of the isolate calls
 * that overlap one of those stretches only (what an editor shows first of a long file). The
 * program's compiler options say how a TypeScript file loads modules once compiled. */
export function checkCaptures(ts: TS, file: ts.SourceFile, checker: ts.TypeChecker, within?: readonly Span[], options?: ts.CompilerOptions): CaptureFinding[] {
  const { entries, evalWorkers } = findIsolateCalls(ts, file, checker, within);
  return findingsOfCalls(ts, file, checker, entries, evalWorkers, options);
}

/** The findings of `file` that can touch `range` (ends included): those of the isolate calls
 * whose call or shipped function does, so a quick fix's request costs those calls only (a named
 * function shipped by a call elsewhere in the file is found by the call's walk), and those of
 * every eval worker (its source may be a const's text, anywhere in the file). */
export function checkCapturesAt(ts: TS, file: ts.SourceFile, checker: ts.TypeChecker, range: Span, options?: ts.CompilerOptions): CaptureFinding[] {
  const { entries, evalWorkers } = findIsolateCalls(ts, file, checker);
  const touches = (node: ts.Node): boolean => node.pos <= range.end && node.end >= range.start;
  return findingsOfCalls(ts, file, checker, entries.filter((entry) => touches(entry.call) || touches(entry.fn)), evalWorkers, options);
}

function findingsOfCalls(ts: TS, file: ts.SourceFile, checker: ts.TypeChecker, entries: readonly IsolateEntry[], evalWorkers: readonly EvalWorker[], options?: ts.CompilerOptions): CaptureFinding[] {
  const findings: CaptureFinding[] = [];
  if (entries.length === 0 && evalWorkers.length === 0) return findings;
  const style = moduleStyleOf(ts, file, options);
  for (const entry of entries) {
    const phrase = entryPhrase(entry.api, functionName(ts, entry.fn), entry.inline);
    for (const capture of analyzeCaptures(ts, entry.fn, checker, { capturePoint: entry.call })) {
      findings.push(finding(file, style, entry.api, entry.fn, entry.inline, capture, phrase, fixesFor(ts, entry, capture, style)));
    }
  }
  for (const worker of evalWorkers) {
    const captures = analyzeWorkerSource(ts, worker, checker) ?? [];
    // An eval worker's script is CommonJS: require() is one of its globals.
    for (const capture of captures) findings.push(finding(file, 'cjs', 'new Worker', worker.source, true, capture, entryPhrase('new Worker', undefined, true), []));
  }
  return findings.sort((a, b) => a.start - b.start);
}

function finding(file: ts.SourceFile, style: ModuleStyle, api: IsolateApi, shipped: ts.Node, inline: boolean, capture: Capture, phrase: string, fixes: CaptureFix[]): CaptureFinding {
  const use = capture.uses[0]!;
  const { line, character } = file.getLineAndCharacterOfPosition(use.start);
  const statement = capture.import ? importStatement(capture.import, capture.name, style).text : undefined;
  return {
    fileName: file.fileName,
    start: use.start,
    end: use.end,
    line: line + 1,
    column: character + 1,
    message: captureMessage(capture, api, phrase, file.fileName, statement),
    api,
    entry: { start: shipped.getStart(), end: shipped.end, inline },
    capture,
    fixes,
  };
}

function fixesFor(ts: TS, entry: IsolateEntry, capture: Capture, style: ModuleStyle): CaptureFix[] {
  const fixes: CaptureFix[] = [];
  if (capture.kind === 'import') {
    const fix = importInsideFix(ts, entry, capture, style);
    if (fix) fixes.push(fix);
  } else if ((capture.kind === 'local' || capture.kind === 'parameter' || capture.kind === 'module' || capture.kind === 'enum') && capture.clone.ok && !capture.mutatedInside) {
    // A value the function changes is not passed: the change would be made to the copy.
    const fix = passArgumentFix(ts, entry, capture.name);
    if (fix) fixes.push(fix);
  }
  return fixes;
}

function functionName(ts: TS, fn: ts.FunctionLikeDeclaration): string | undefined {
  if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  return ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
}
