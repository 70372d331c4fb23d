// The capture findings of one file of one program, computed once: tsserver asks for a file's
// semantic diagnostics (and first its region's, for a long file) and the extension for its quick
// fixes against the same program until the next edit makes a new one. A region's are those of
// the isolate calls in it only, and a quick fix's request before the file's check those of the
// calls that touch its range, so that what the editor shows first costs what it shows.
import type * as ts from 'typescript';
import { checkCaptures, checkCapturesAt, type CaptureFinding } from '../refactor/captureCheck';
import type { Span, TS } from '../refactor/captureTypes';

/** The files the check reads: the languages tsserver serves, not declaration files. */
const CHECKED = /\.(?:[cm]?[jt]s|[jt]sx)$/;

const byProgram = new WeakMap<ts.Program, Map<string, CaptureFinding[]>>();

/** The findings of `fileName` in `program` (none for a file the check does not read). */
export function findingsOf(ts: TS, program: ts.Program, fileName: string): CaptureFinding[] {
  let files = byProgram.get(program);
  if (!files) byProgram.set(program, (files = new Map()));
  let findings = files.get(fileName);
  if (!findings) {
    findings = check(ts, program, fileName);
    files.set(fileName, findings);
  }
  return findings;
}

/** The findings of the isolate calls of `fileName` that overlap `within` (the whole file's, if
 * known already, else those calls' only). */
export function regionFindingsOf(ts: TS, program: ts.Program, fileName: string, within: readonly Span[]): CaptureFinding[] {
  return byProgram.get(program)?.get(fileName) ?? check(ts, program, fileName, within);
}

/** The findings of `fileName` that can touch `range` (all of them, if known already, else those
 * of the calls whose call or shipped function touches it): what a quick fix at `range` needs,
 * right after an edit, before the file's own check. */
export function findingsAt(ts: TS, program: ts.Program, fileName: string, range: Span): CaptureFinding[] {
  const known = byProgram.get(program)?.get(fileName);
  if (known) return known;
  const file = checkedFile(program, fileName);
  return file ? checkCapturesAt(ts, file, program.getTypeChecker(), range, program.getCompilerOptions()) : [];
}

function check(ts: TS, program: ts.Program, fileName: string, within?: readonly Span[]): CaptureFinding[] {
  const file = checkedFile(program, fileName);
  return file ? checkCaptures(ts, file, program.getTypeChecker(), within, program.getCompilerOptions()) : [];
}

function checkedFile(program: ts.Program, fileName: string): ts.SourceFile | undefined {
  const file = program.getSourceFile(fileName);
  return file && CHECKED.test(fileName) && !file.isDeclarationFile ? file : undefined;
}
