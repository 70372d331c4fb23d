// How the moved code reaches the runtime's Isolate: through the file's own import of 'isoscope'
// when it has one (`Isolate`, a renamed binding, `iso.Isolate` of a namespace or a required
// module), that import extended with `Isolate`, or a new import in the file's module style
// (TypeScript files always write `import`, which their compiler turns into what they emit).
import type * as ts from 'typescript';
import type { TS } from './captureTypes';
import type { ModuleStyle, TextEdit } from './captureFixes';
import { requiredModule } from './importBindings';
import { lineEnd } from './isolateText';

const RUNTIME = 'isoscope';

export type IsolateAccess = { ok: true; expression: string; edits: TextEdit[] } | { ok: false; reason: string };

/** The expression for Isolate at `at`, and the edits that make it available. */
export function isolateAccess(ts: TS, file: ts.SourceFile, checker: ts.TypeChecker, at: ts.Node, style: ModuleStyle): IsolateAccess {
  let extend: TextEdit | undefined;
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && isRuntime(ts, statement.moduleSpecifier) && statement.importClause && !statement.importClause.isTypeOnly) {
      const bindings = statement.importClause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) return reached(ts, checker, at, `${bindings.name.text}.Isolate`, bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        const element = bindings.elements.find((candidate) => !candidate.isTypeOnly && (candidate.propertyName ?? candidate.name).text === 'Isolate');
        if (element) return reached(ts, checker, at, element.name.text, element.name.text);
        const last = bindings.elements[bindings.elements.length - 1];
        if (last) extend ??= { start: last.end, end: last.end, newText: ', Isolate' };
      }
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const required = declaration.initializer && requiredModule(ts, declaration.initializer);
        if (!required || required.specifier !== RUNTIME) continue;
        if (ts.isIdentifier(declaration.name)) {
          if (required.property === 'Isolate') return reached(ts, checker, at, declaration.name.text, declaration.name.text);
          if (!required.property) return reached(ts, checker, at, `${declaration.name.text}.Isolate`, declaration.name.text);
        } else if (ts.isObjectBindingPattern(declaration.name) && !required.property) {
          const element = declaration.name.elements.find((candidate) => !candidate.dotDotDotToken && ((candidate.propertyName ?? candidate.name) as ts.Identifier).text === 'Isolate');
          if (element && ts.isIdentifier(element.name)) return reached(ts, checker, at, element.name.text, element.name.text);
          const last = declaration.name.elements[declaration.name.elements.length - 1];
          if (last && !last.dotDotDotToken) extend ??= { start: last.end, end: last.end, newText: ', Isolate' };
        }
      }
    }
  }
  const taken = takenAt(ts, checker, at, 'Isolate');
  if (taken) return { ok: false, reason: 'the name `Isolate` already means something else here: import the runtime under another name first' };
  return { ok: true, expression: 'Isolate', edits: [extend ?? newImport(ts, file, style)] };
}

function reached(ts: TS, checker: ts.TypeChecker, at: ts.Node, expression: string, local: string): IsolateAccess {
  const symbol = checker.getSymbolsInScope(at, ts.SymbolFlags.Value).find((candidate) => candidate.name === local);
  const declaration = symbol?.declarations?.[0];
  if (declaration && declaration.getSourceFile() === at.getSourceFile() && !isTopLevel(ts, declaration)) {
    return { ok: false, reason: `the name \`${local}\` is another variable here, not the runtime's import` };
  }
  return { ok: true, expression, edits: [] };
}

/** Whether `name` is declared (other than as a global of the platform) where `at` is. */
function takenAt(ts: TS, checker: ts.TypeChecker, at: ts.Node, name: string): boolean {
  const symbol = checker.getSymbolsInScope(at, ts.SymbolFlags.Value).find((candidate) => candidate.name === name);
  return (symbol?.declarations ?? []).some((declaration) => declaration.getSourceFile() === at.getSourceFile());
}

/** A declaration of the module's top level (an import, a `const` of a require). */
function isTopLevel(ts: TS, declaration: ts.Node): boolean {
  for (let node = declaration.parent; node && !ts.isSourceFile(node); node = node.parent) {
    if (ts.isFunctionLike(node) || ts.isBlock(node) || ts.isClassLike(node)) return false;
  }
  return true;
}

function isRuntime(ts: TS, specifier: ts.Expression): boolean {
  return ts.isStringLiteral(specifier) && specifier.text === RUNTIME;
}

/** `import { Isolate } from 'isoscope';` (or the require) after the file's last import, or
 * before its first statement (after a 'use strict' prologue). */
function newImport(ts: TS, file: ts.SourceFile, style: ModuleStyle): TextEdit {
  const typescript = /\.[cm]?tsx?$/.test(file.fileName);
  const imports = file.statements.filter((statement) => ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement) || isRequireStatement(ts, statement));
  const quote = quoteOf(imports[0]);
  const statement = typescript || style === 'esm' ? `import { Isolate } from ${quote}${RUNTIME}${quote};` : `const { Isolate } = require(${quote}${RUNTIME}${quote});`;
  const last = imports[imports.length - 1];
  const eol = lineEnd(file.text);
  if (last) return { start: last.end, end: last.end, newText: `${eol}${statement}` };
  const first = file.statements.find((candidate) => !(ts.isExpressionStatement(candidate) && ts.isStringLiteral(candidate.expression)));
  const prologue = file.statements.filter((candidate) => candidate.end <= (first?.pos ?? file.end));
  if (!first || prologue.length > 0) {
    const after = prologue[prologue.length - 1]?.end ?? 0;
    return { start: after, end: after, newText: after === 0 ? `${statement}${eol}` : `${eol}${statement}` };
  }
  const at = first.getStart();
  return { start: at, end: at, newText: `${statement}${eol}${eol}` };
}

function isRequireStatement(ts: TS, statement: ts.Statement): boolean {
  return ts.isVariableStatement(statement) && statement.declarationList.declarations.some((declaration) => declaration.initializer !== undefined && requiredModule(ts, declaration.initializer) !== undefined);
}

/** The quote the file's first import uses, single by default. */
function quoteOf(statement: ts.Statement | undefined): string {
  return (statement && /['"]/.exec(statement.getText())?.[0]) ?? "'";
}
