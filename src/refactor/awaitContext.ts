// Whether the moved expression's place can await the isolate's result: in an async function or
// at the top level of an ES module it can; in a synchronous function it can only if that function
// becomes async, which changes what its callers get (a Promise), so that is a separate offer with
// its edits, for a function called by its name; in a callback (a function whose value is passed
// on, named or not), a constructor, an accessor, a generator, a default parameter value, a class
// field or at the top level of a CommonJS module it cannot, and the reason says so.
import type * as ts from 'typescript';
import type { TS } from './captureTypes';
import type { ModuleStyle, TextEdit } from './captureFixes';

export type AwaitContext =
  | { kind: 'await' }
  | { kind: 'makeAsync'; fnName: string; edits: TextEdit[]; reason: string }
  | { kind: 'refused'; reason: string };

/** Where `expression` could await, given the file's module style. */
export function awaitContext(ts: TS, expression: ts.Expression, style: ModuleStyle): AwaitContext {
  for (let node: ts.Node = expression.parent; ; node = node.parent) {
    if (ts.isSourceFile(node)) {
      return style === 'esm' ? { kind: 'await' } : refused('it is at the top level of a CommonJS module, where `await` is not allowed: move it into an async function first');
    }
    if (ts.isParameter(node)) return refused('it is in a default parameter value, where `await` is not allowed');
    if (ts.isPropertyDeclaration(node)) return refused("it is in a class field's initializer, where `await` is not allowed");
    if (ts.isClassStaticBlockDeclaration(node)) return refused("it is in a class's static block, where `await` is not allowed");
    if (!ts.isFunctionLike(node)) continue;
    const fn = node as ts.FunctionLikeDeclaration;
    if (fn.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) return { kind: 'await' };
    const name = functionName(ts, fn);
    const called = name ? `\`${name}\`` : 'the enclosing function';
    if (ts.isConstructorDeclaration(fn)) return refused('it is in a constructor, which cannot be async and so cannot await the isolate');
    if (ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) return refused(`it is in the accessor ${called}, which cannot be async and so cannot await the isolate`);
    if (fn.asteriskToken) return refused(`${called} is a generator, which cannot await the isolate without becoming an async generator`);
    // A callback or an IIFE, named or not: what receives its result (map, forEach, the expression
    // around it) would get a Promise, which no title can warn about by name.
    if (!name || isPassedOn(ts, fn)) return refused('it is in a synchronous callback: making that async would hand whatever calls it a Promise instead of its value');
    const edits = makeAsyncEdits(ts, fn);
    if (!edits) return refused(`${called} is synchronous and cannot await the isolate`);
    return { kind: 'makeAsync', fnName: name, edits, reason: `${called} is synchronous: awaiting the isolate would make it return a Promise, which changes what its callers get` };
  }
}

/** Whether `fn`'s value goes somewhere other than a name of its own: an argument, a property's
 * value, a return value, an element, a callee. A function declaration, a method, a class field
 * and `const f = () => …` are called by name, which the variant's title can warn about. */
function isPassedOn(ts: TS, fn: ts.FunctionLikeDeclaration): boolean {
  if (!ts.isFunctionExpression(fn) && !ts.isArrowFunction(fn)) return false;
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isSatisfiesExpression(node.parent) || ts.isTypeAssertionExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  return !((ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.initializer === node && ts.isIdentifier(parent.name));
}

function refused(reason: string): AwaitContext {
  return { kind: 'refused', reason };
}

/** `async` before the function, and its declared return type wrapped in Promise<…>. */
function makeAsyncEdits(ts: TS, fn: ts.FunctionLikeDeclaration): TextEdit[] | undefined {
  let at: number | undefined;
  if (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) at = fn.getChildren().find((child) => child.kind === ts.SyntaxKind.FunctionKeyword)?.getStart();
  else if (ts.isArrowFunction(fn)) at = fn.getStart();
  else if (ts.isMethodDeclaration(fn)) at = fn.name.getStart();
  if (at === undefined) return undefined;
  const edits: TextEdit[] = [{ start: at, end: at, newText: 'async ' }];
  if (fn.type) edits.push({ start: fn.type.getStart(), end: fn.type.end, newText: `Promise<${fn.type.getText()}>` });
  return edits;
}

/** A function's name, or the name of what it is assigned to. */
export function functionName(ts: TS, fn: ts.Node): string | undefined {
  const name = (fn as ts.NamedDeclaration).name;
  if (name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name))) return name.text;
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}
