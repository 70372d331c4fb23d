// The capture findings of one file of one program, computed once: tsserver asks for a file's
// semantic diagnostics (and its region's, for a long file) and the extension for its quick fixes
// against the same program until the next edit makes a new one.
import type * as ts from 'typescript';
import { checkCaptures, type CaptureFinding } from '../refactor/captureCheck';
import type { TS } from '../refactor/captureTypes';

/** The files the check reads: the languages tsserver serves, not declaration files. */
const CHECKED = /\.(?:[cm]?[jt]s|[jt]sx)$/;

const byProgram = new WeakMap<ts.Program, Map<string, CaptureFinding[]>>();

/** The findings of `fileName` in `program` (none for a file the check does not read). */
export function findingsOf(ts: TS, program: ts.Program, fileName: string): CaptureFinding[] {
  let files = byProgram.get(program);
  if (!files) byProgram.set(program, (files = new Map()));
  let findings = files.get(fileName);
  if (!findings) {
    const file = program.getSourceFile(fileName);
    findings = file && CHECKED.test(fileName) && !file.isDeclarationFile ? checkCaptures(ts, file, program.getTypeChecker()) : [];
    files.set(fileName, findings);
  }
  return findings;
}
