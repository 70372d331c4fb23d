// The source text of `new Worker(source, { eval: true })`: parsed as the script the worker runs,
// its free names are the names it captures. A name the module around the call declares is
// described as that declaration (the usual mistake: the text was written as if it could see it).
import type * as ts from 'typescript';
import type { Capture, TS } from './captureTypes';
import type { EvalWorker } from './isolateCalls';
import { analyzeCaptures } from './captures';
import { singleFileChecker } from './singleFileProgram';
import { skipOuter } from './importBindings';
import { describeDeclaration, isAmbient } from './declarationKinds';
import { cloneVerdict } from './cloneVerdict';

/** The captures of an eval worker's source, placed in the file of the call; undefined when the
 * source is not a string the file spells out (built at run time: nothing to read). */
export function analyzeWorkerSource(ts: TS, worker: EvalWorker, checker: ts.TypeChecker): Capture[] | undefined {
  const literal = sourceLiteral(ts, checker, worker.source);
  if (!literal) return undefined;
  const file = literal.getSourceFile();
  const script = singleFileChecker(ts, 'worker-source.js', literal.text, ts.ScriptKind.JS);
  // Offsets map one to one when the literal has no escapes; otherwise every use points at the literal.
  const raw = file.text.slice(literal.getStart() + 1, literal.end - 1);
  const place = raw === literal.text ? (offset: number) => literal.getStart() + 1 + offset : () => literal.getStart();
  return analyzeCaptures(ts, script.sourceFile, script.checker).map((capture) => {
    const uses = capture.uses.map((use) => ({ start: place(use.start), end: raw === literal.text ? place(use.end) : literal.end }));
    const outer = capture.kind === 'global' ? outerDeclaration(ts, checker, worker.call, capture.name) : undefined;
    return { ...capture, uses, ...(outer ?? {}) };
  });
}

/** The string literal a source argument is, directly or through a `const` of this file. */
function sourceLiteral(ts: TS, checker: ts.TypeChecker, source: ts.Expression): ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | undefined {
  let node = skipOuter(ts, source);
  if (ts.isIdentifier(node)) {
    const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer || declaration.getSourceFile() !== source.getSourceFile()) return undefined;
    node = skipOuter(ts, declaration.initializer);
  }
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node : undefined;
}

/** How the module around the call declares `name`, if it does (not a global's declaration). */
function outerDeclaration(ts: TS, checker: ts.TypeChecker, at: ts.Node, name: string): Partial<Capture> | undefined {
  const symbol = checker.getSymbolsInScope(at, ts.SymbolFlags.Value | ts.SymbolFlags.Alias).find((candidate) => candidate.name === name);
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (!declaration || isAmbient(ts, declaration)) return undefined;
  return {
    ...describeDeclaration(ts, declaration),
    clone: cloneVerdict(ts, checker, checker.getTypeOfSymbolAtLocation(symbol!, at)),
  };
}
