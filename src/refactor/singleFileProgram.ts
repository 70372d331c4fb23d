// A checker for one source text alone, with no library and no imports resolved: enough to bind
// its names to their declarations (scopes, shadowing, hoisting) when there is no program around
// it, as for the source of `new Worker(…, { eval: true })` or a file outside any project. Types
// it cannot see are `any`, which the capture analysis allows.
import type * as ts from 'typescript';
import type { TS } from './captureTypes';

export interface SingleFile {
  sourceFile: ts.SourceFile;
  checker: ts.TypeChecker;
}

/** Parses `text` as `fileName` (its extension sets the language) and binds it. */
export function singleFileChecker(ts: TS, fileName: string, text: string, scriptKind?: ts.ScriptKind): SingleFile {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind);
  const options: ts.CompilerOptions = { noLib: true, noResolve: true, allowJs: true, types: [], target: ts.ScriptTarget.Latest, jsx: ts.JsxEmit.Preserve, noEmit: true };
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === fileName ? sourceFile : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => name === fileName,
    readFile: (name) => (name === fileName ? text : undefined),
  };
  const program = ts.createProgram({ rootNames: [fileName], options, host });
  return { sourceFile, checker: program.getTypeChecker() };
}
