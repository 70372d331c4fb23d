// Finds the functions a source file hands to an isolate: the first argument of Isolate.run,
// Isolate.spawn, compute and an IsolatePool's run, with the runtime imported from 'isoscope' as
// users write it (ESM named or namespace imports, CommonJS require with or without destructuring),
// or a pool recognised by its type; and `new Worker(source, { eval: true })` from worker_threads.
import type * as ts from 'typescript';
import type { Span, TS } from './captureTypes';
import { importBindingOf, skipOuter } from './importBindings';
import { mayHoldIsolateCall } from './isolateCallWords';
import { scopeSymbolOf } from './binderScopes';

export type IsolateApi = 'Isolate.run' | 'Isolate.spawn' | 'compute' | 'IsolatePool.run' | 'new Worker';

export interface IsolateEntry {
  api: IsolateApi;
  call: ts.CallExpression | ts.NewExpression;
  /** The function shipped (inline at the call, or declared in the file and named there). */
  fn: ts.FunctionLikeDeclaration;
  inline: boolean;
}

/** `new Worker(source, { eval: true })`: the source expression, evaluated as a script in the worker. */
export interface EvalWorker {
  call: ts.NewExpression;
  source: ts.Expression;
}

/** A namespace of the runtime: `import * as iso`, `require('isoscope')`. */
const NAMESPACE = '*';
const API_CLASSES = new Set(['Isolate', 'IsolatePool', 'compute']);
const WORKER_MODULES = new Set(['worker_threads', 'node:worker_threads']);

/** Every call in `file` that ships a function to an isolate, and every eval worker; with
 * `within`, only the calls that overlap one of those stretches (an editor's visible lines). */
export function findIsolateCalls(ts: TS, file: ts.SourceFile, checker: ts.TypeChecker, within?: readonly Span[]): { entries: IsolateEntry[]; evalWorkers: EvalWorker[] } {
  const entries: IsolateEntry[] = [];
  const evalWorkers: EvalWorker[] = [];
  // Most files never mention the runtime, a pool's run or a worker, nor import it re-exported
  // under another name from a module of their own: skip their walk.
  if (!/\b(isoscope|Worker|IsolatePool|Isolate|compute)\b|\.run\b/.test(file.text) && !importsRuntimeRenamed(ts, checker, file)) return { entries, evalWorkers };
  const computeNames = computeCandidates(ts, file);
  const visit = (node: ts.Node): void => {
    if (within && !within.some((span) => node.pos < span.end && node.end > span.start)) return;
    if (ts.isCallExpression(node)) {
      const api = apiOfCall(ts, checker, node, computeNames);
      const shipped = api && node.arguments[0] && shippedFunction(ts, checker, node.arguments[0]);
      if (api && shipped) entries.push({ api, call: node, ...shipped });
    } else if (ts.isNewExpression(node) && isEvalWorker(ts, checker, node)) {
      evalWorkers.push({ call: node, source: node.arguments![0]! });
    }
    ts.forEachChild(node, (child) => (mayHoldIsolateCall(file, computeNames, child) ? visit(child) : undefined));
  };
  visit(file);
  return { entries, evalWorkers };
}

/** The isolate call `call` is (Isolate.run, Isolate.spawn, compute, a pool's run), if any,
 * whatever it ships: to ask about one call without walking its file. */
export function isolateApiOf(ts: TS, checker: ts.TypeChecker, call: ts.CallExpression): IsolateApi | undefined {
  return apiOfCall(ts, checker, call, computeCandidates(ts, call.getSourceFile()));
}

/** The names a call of compute can go by in `file`: compute, and what the file imports it as.
 * Only a call of one of these names is worth resolving (most calls in a file are of others). */
function computeCandidates(ts: TS, file: ts.SourceFile): Set<string> {
  const names = new Set(['compute']);
  for (const statement of file.statements) {
    const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isObjectBindingPattern(declaration.name)) for (const element of declaration.name.elements) if (ts.isIdentifier(element.name)) names.add(element.name.text);
      }
    }
  }
  return names;
}

function apiOfCall(ts: TS, checker: ts.TypeChecker, call: ts.CallExpression, computeNames: ReadonlySet<string>): IsolateApi | undefined {
  const callee = skipOuter(ts, call.expression);
  if (ts.isIdentifier(callee)) return computeNames.has(callee.text) && runtimeName(ts, checker, callee) === 'compute' ? 'compute' : undefined;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  if (callee.name.text === 'compute') return runtimeName(ts, checker, callee) === 'compute' ? 'compute' : undefined;
  const method = callee.name.text;
  if (method !== 'run' && method !== 'spawn') return undefined;
  if (runtimeName(ts, checker, callee.expression) === 'Isolate') return method === 'run' ? 'Isolate.run' : 'Isolate.spawn';
  return method === 'run' && isPool(ts, checker, callee.expression) ? 'IsolatePool.run' : undefined;
}

/** Which of the runtime's exports `expression` is ('*' for the runtime's namespace), if any. */
export function runtimeName(ts: TS, checker: ts.TypeChecker, expression: ts.Expression, depth = 0): string | undefined {
  const node = skipOuter(ts, expression);
  if (ts.isPropertyAccessExpression(node)) {
    const name = node.name.text;
    return API_CLASSES.has(name) && runtimeName(ts, checker, node.expression, depth + 1) === NAMESPACE ? name : undefined;
  }
  if (!ts.isIdentifier(node) || depth > 3) return undefined;
  const symbol = scopeSymbolOf(ts, checker, node) ?? checker.getSymbolAtLocation(node);
  const declaration = symbol?.declarations?.[0];
  if (!declaration) return undefined;
  const binding = importBindingOf(ts, declaration);
  if (binding) {
    if (binding.specifier === 'isoscope') return binding.imported ?? NAMESPACE;
    return reexportedRuntimeName(ts, checker, symbol!);
  }
  // `const { Isolate } = iso` or `const run = iso.Isolate`: one step through a local alias.
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isIdentifier(declaration.name)) return runtimeName(ts, checker, declaration.initializer, depth + 1);
  return undefined;
}

/** The runtime's export (Isolate, IsolatePool, compute) an import reaches through other modules,
 * renamed or not: `export { compute as offload } from 'isoscope'`, or an import of the runtime
 * exported again, followed one module at a time; or the runtime's own declarations in its package. */
function reexportedRuntimeName(ts: TS, checker: ts.TypeChecker, symbol: ts.Symbol): string | undefined {
  if (!(symbol.flags & ts.SymbolFlags.Alias)) return undefined;
  let current = symbol;
  for (let step = 0; step < 5 && current.flags & ts.SymbolFlags.Alias; step++) {
    const next = checker.getImmediateAliasedSymbol(current);
    const declaration = next?.declarations?.[0];
    if (!next || !declaration) break;
    const binding = importBindingOf(ts, declaration);
    const name = binding?.specifier === 'isoscope' ? binding.imported : runtimeReexport(ts, declaration);
    if (name !== undefined) return API_CLASSES.has(name) ? name : undefined;
    current = next;
  }
  const target = checker.getAliasedSymbol(symbol);
  const inPackage = (target.declarations ?? []).some((declaration) => /[\\/]node_modules[\\/]isoscope[\\/]/.test(declaration.getSourceFile().fileName));
  return inPackage && API_CLASSES.has(target.name) ? target.name : undefined;
}

/** `compute` of `export { compute as offload } from 'isoscope'`. */
function runtimeReexport(ts: TS, declaration: ts.Declaration): string | undefined {
  if (!ts.isExportSpecifier(declaration)) return undefined;
  const from = declaration.parent.parent.moduleSpecifier;
  return from && ts.isStringLiteral(from) && from.text === 'isoscope' ? (declaration.propertyName ?? declaration.name).text : undefined;
}

/** Whether `file` imports, by a name the text test cannot see, one of the runtime's exports that
 * another module re-exports (`import { offload } from './workers'`). Asks only about imports. */
function importsRuntimeRenamed(ts: TS, checker: ts.TypeChecker, file: ts.SourceFile): boolean {
  return file.statements.some((statement) => {
    const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
    return !!bindings && ts.isNamedImports(bindings) && bindings.elements.some((element) => {
      const symbol = checker.getSymbolAtLocation(element.name);
      return symbol !== undefined && reexportedRuntimeName(ts, checker, symbol) !== undefined;
    });
  });
}

/** An IsolatePool: a variable or field made by `new IsolatePool(…)`, else by its declared type.
 * The declared type, not the type at this use: that one needs the flow of the code around it,
 * which in a long function costs more than the whole check. */
function isPool(ts: TS, checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const node = skipOuter(ts, expression);
  const symbol = ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) ? checker.getSymbolAtLocation(node) : undefined;
  const declaration = symbol?.valueDeclaration;
  const initializer = declaration && (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) ? declaration.initializer : undefined;
  const made = initializer && skipOuter(ts, initializer);
  if (made && ts.isNewExpression(made) && runtimeName(ts, checker, made.expression) === 'IsolatePool') return true;
  const type = symbol && declaration ? checker.getTypeOfSymbolAtLocation(symbol, declaration) : checker.getTypeAtLocation(node);
  return type.getSymbol()?.name === 'IsolatePool';
}

/** The function an argument ships: written inline, or a function of this file named there. */
function shippedFunction(ts: TS, checker: ts.TypeChecker, argument: ts.Expression): { fn: ts.FunctionLikeDeclaration; inline: boolean } | undefined {
  const node = skipOuter(ts, argument);
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return { fn: node, inline: true };
  if (!ts.isIdentifier(node)) return undefined;
  const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
  if (!declaration || declaration.getSourceFile() !== node.getSourceFile()) return undefined;
  if (ts.isFunctionDeclaration(declaration) && declaration.body) return { fn: declaration, inline: false };
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const value = skipOuter(ts, declaration.initializer);
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return { fn: value, inline: false };
  }
  return undefined;
}

/** `new Worker(source, { eval: true })` with Worker from worker_threads. */
function isEvalWorker(ts: TS, checker: ts.TypeChecker, node: ts.NewExpression): boolean {
  const [source, options] = node.arguments ?? [];
  if (!source || !options) return false;
  const literal = skipOuter(ts, options);
  if (!ts.isObjectLiteralExpression(literal)) return false;
  const evalTrue = literal.properties.some((property) => ts.isPropertyAssignment(property) && property.name.getText() === 'eval' && property.initializer.kind === ts.SyntaxKind.TrueKeyword);
  return evalTrue && isWorkerClass(ts, checker, node.expression);
}

function isWorkerClass(ts: TS, checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const node = skipOuter(ts, expression);
  if (ts.isPropertyAccessExpression(node)) {
    if (node.name.text !== 'Worker' || !ts.isIdentifier(node.expression)) return false;
    const declaration = checker.getSymbolAtLocation(node.expression)?.declarations?.[0];
    const binding = declaration && importBindingOf(ts, declaration);
    return !!binding && WORKER_MODULES.has(binding.specifier) && binding.imported === undefined;
  }
  if (!ts.isIdentifier(node)) return false;
  const declaration = checker.getSymbolAtLocation(node)?.declarations?.[0];
  const binding = declaration && importBindingOf(ts, declaration);
  return !!binding && WORKER_MODULES.has(binding.specifier) && binding.imported === 'Worker';
}
