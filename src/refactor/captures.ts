// The capture analysis: every name a function uses that an isolate would not have, with where it
// is declared, what it is, whether it changes after the call (or the function changes it), and
// whether its value could be passed instead. Walks only the function's subtree and asks the checker about each name, so
// its cost follows the function's size, not the program's.
import type * as ts from 'typescript';
import { isIsolateGlobal, RUNTIME_API_NAMES } from '../protocol/isolateGlobals';
import type { Capture, CaptureKind, CloneVerdict, Span, TS } from './captureTypes';
import { valueReferences, type ValueReference } from './valueReferences';
import { importBindingOf } from './importBindings';
import { scopeSymbolOf } from './binderScopes';
import { cloneVerdict } from './cloneVerdict';
import { perSymbol } from './checkerMemo';
import { writeAfter, writeInside, writesOf } from './variableWrites';
import { describeDeclaration, isAmbient, isMutable, writeScopeOf } from './declarationKinds';
import { firstMutation } from './valueMutations';

export interface CaptureOptions {
  /** Where the function is handed to an isolate (the call); writes after it are reported.
   * The function itself by default. */
  capturePoint?: ts.Node;
}

const API = new Set<string>(RUNTIME_API_NAMES);

/** Every name `fn` (an arrow, a function expression or declaration, a method; or a whole script)
 * captures from outside itself that an isolate cannot see, in the order of their first use. */
export function analyzeCaptures(ts: TS, fn: ts.Node, checker: ts.TypeChecker, options: CaptureOptions = {}): Capture[] {
  const point = options.capturePoint ?? fn;
  const bySymbol = new Map<ts.Symbol, { name: string; uses: ts.Identifier[]; symbol: ts.Symbol }>();
  const special = new Map<string, { kind: CaptureKind; name: string; uses: ts.Node[]; clone: CloneVerdict }>();
  const addSpecial = (key: string, kind: CaptureKind, name: string, node: ts.Node, reason: string): void => {
    const entry = special.get(key);
    if (entry) entry.uses.push(node);
    else special.set(key, { kind, name, uses: [node], clone: { ok: false, reason } });
  };

  for (const reference of valueReferences(ts, fn)) {
    switch (reference.kind) {
      case 'this':
        if (outside(thisContainer(ts, reference.node), fn)) addSpecial('this', 'this', 'this', reference.node, 'an isolate function has no `this` of the caller: pass the values it needs');
        continue;
      case 'super':
        if (!strictlyInside(superContainer(ts, reference.node), fn)) addSpecial('super', 'super', 'super', reference.node, 'an isolate function has no class around it, so no `super`');
        continue;
      case 'importMeta':
        addSpecial('importMeta', 'importMeta', 'import.meta', reference.node, 'an isolate runs the function as a script, where `import.meta` is a syntax error: read it before the call and pass the value');
        continue;
      case 'jsx':
        addSpecial('jsx', 'jsx', 'JSX', reference.node, "JSX compiles to calls of the module's JSX factory (React.createElement or the imported jsx runtime), which an isolate does not have");
        continue;
    }
    const id = reference.kind === 'shorthand' ? reference.node.name : reference.node;
    const symbol = scopeSymbolOf(ts, checker, id) ?? symbolOf(checker, reference);
    const declarations = realDeclarations(ts, symbol);
    if (declarations.length === 0) {
      if (id.text === 'arguments') {
        if (outside(argumentsContainer(ts, id), fn)) addSpecial('arguments', 'arguments', 'arguments', id, "an arrow function's `arguments` are its outer function's, which an isolate does not have");
      } else if (!isIsolateGlobal(id.text)) {
        addSpecial(`global:${id.text}`, 'global', id.text, id, `\`${id.text}\` is not declared here, and an isolate has no global of that name`);
      }
      continue;
    }
    if (declarations.some((declaration) => within(declaration, fn))) continue;
    if (declarations.every((declaration) => isAmbient(ts, declaration)) && isIsolateGlobal(id.text)) continue;
    const entry = bySymbol.get(symbol!);
    if (entry) entry.uses.push(id);
    else bySymbol.set(symbol!, { name: id.text, uses: [id], symbol: symbol! });
  }

  const captures: Capture[] = [];
  for (const { name, uses, symbol } of bySymbol.values()) {
    const capture = describeSymbolCapture(ts, checker, name, uses, symbol, fn, point);
    if (capture) captures.push(capture);
  }
  for (const { kind, name, uses, clone } of special.values()) captures.push({ name, kind, uses: uses.map(spanOf), clone });
  return captures.sort((a, b) => a.uses[0]!.start - b.uses[0]!.start);
}

/** A symbol's declarations, less what JavaScript's expando assignments add (`process.exitCode = 1`
 * in a .js file declares a property of process there): those declare nothing the isolate lacks. */
function realDeclarations(ts: TS, symbol: ts.Symbol | undefined): ts.Declaration[] {
  const all = symbol?.declarations ?? [];
  const real = all.filter((declaration) => !ts.isIdentifier(declaration) && !ts.isPropertyAccessExpression(declaration) && !ts.isElementAccessExpression(declaration) && !ts.isBinaryExpression(declaration));
  return real.length > 0 ? real : all;
}

function describeSymbolCapture(ts: TS, checker: ts.TypeChecker, name: string, uses: ts.Identifier[], symbol: ts.Symbol, fn: ts.Node, point: ts.Node): Capture | undefined {
  const declaration = realDeclarations(ts, symbol)[0]!;
  const binding = importBindingOf(ts, declaration);
  // The runtime's own API, imported under its own name: the isolate binds the same name.
  if (binding?.specifier === 'isoscope' && binding.imported === name && API.has(name)) return undefined;
  const described = perSymbol(checker, symbol, 'declaration', () => describeDeclaration(ts, declaration));
  const capture: Capture = { name, uses: uses.map(spanOf), ...described, clone: verdictFor(ts, checker, symbol, declaration, uses) };
  if (capture.kind === 'global') return capture;
  if (isIsolateGlobal(name)) capture.shadowsGlobal = true;
  if ((capture.kind === 'local' || capture.kind === 'parameter' || capture.kind === 'module') && isMutable(ts, declaration)) {
    const writes = perSymbol(checker, symbol, 'writes', () => writesOf(ts, checker, writeScopeOf(ts, declaration), name, symbol));
    const after = writeAfter(ts, writes, point, fn);
    const inside = writeInside(writes, fn);
    if (after) capture.assignedAfter = after;
    if (inside) capture.assignedInside = inside;
  }
  if (capture.kind === 'local' || capture.kind === 'parameter' || capture.kind === 'module') {
    const mutation = firstMutation(ts, uses);
    if (mutation) capture.mutatedInside = mutation;
  }
  return capture;
}

/** The verdict on the captured value's declared type (not its type at the use, which would need
 * the flow analysis of the code around the call), given how the function reads it. */
function verdictFor(ts: TS, checker: ts.TypeChecker, symbol: ts.Symbol, declaration: ts.Node, uses: ts.Identifier[]): CloneVerdict {
  const paths = uses.map((use) => propertyPath(ts, use));
  return perSymbol(checker, symbol, `clone ${JSON.stringify(paths)}`, () => cloneVerdict(ts, checker, checker.getTypeOfSymbolAtLocation(symbol, declaration), paths));
}

/** The property names read from a use, outwards: `x.a.b()` gives ['a', 'b']. */
function propertyPath(ts: TS, use: ts.Identifier): string[] {
  const path: string[] = [];
  let node: ts.Node = use;
  for (;;) {
    const parent = node.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) path.push(parent.name.text);
    else if (ts.isElementAccessExpression(parent) && parent.expression === node && ts.isStringLiteralLike(parent.argumentExpression)) path.push(parent.argumentExpression.text);
    else if (!(ts.isNonNullExpression(parent) || ts.isParenthesizedExpression(parent))) return path;
    node = parent;
  }
}

function symbolOf(checker: ts.TypeChecker, reference: Extract<ValueReference, { kind: 'name' | 'shorthand' }>): ts.Symbol | undefined {
  if (reference.kind === 'shorthand') return checker.getShorthandAssignmentValueSymbol(reference.node);
  return checker.getSymbolAtLocation(reference.node);
}

/** What `this` means at `node`: the nearest function that is not an arrow, class field or static block, or the file. */
function thisContainer(ts: TS, node: ts.Node): ts.Node {
  let current = node.parent;
  while (current.parent && !(ts.isFunctionLike(current) && !ts.isArrowFunction(current)) && !ts.isPropertyDeclaration(current) && !ts.isClassStaticBlockDeclaration(current) && !ts.isModuleBlock(current)) current = current.parent;
  return current;
}

/** What `arguments` means at `node`: the nearest function that is not an arrow, or the file. */
function argumentsContainer(ts: TS, node: ts.Node): ts.Node {
  let current = node.parent;
  while (current.parent && !(ts.isFunctionLike(current) && !ts.isArrowFunction(current))) current = current.parent;
  return current;
}

/** What `super` means at `node`: the nearest method, accessor, constructor, class field or static block. */
function superContainer(ts: TS, node: ts.Node): ts.Node {
  let current = node.parent;
  while (current.parent && !ts.isMethodDeclaration(current) && !ts.isConstructorDeclaration(current) && !ts.isGetAccessorDeclaration(current) && !ts.isSetAccessorDeclaration(current) && !ts.isPropertyDeclaration(current) && !ts.isClassStaticBlockDeclaration(current)) current = current.parent;
  return current;
}

function within(node: ts.Node, outer: ts.Node): boolean {
  return node.pos >= outer.pos && node.end <= outer.end && node.getSourceFile() === outer.getSourceFile();
}

/** Outside `fn`: not `fn` itself, nor anything in it. */
function outside(node: ts.Node, fn: ts.Node): boolean {
  return !within(node, fn);
}

function strictlyInside(node: ts.Node, fn: ts.Node): boolean {
  return node !== fn && within(node, fn);
}

function spanOf(node: ts.Node): Span {
  return { start: node.getStart(), end: node.end };
}
