// Where a variable is written: assignments, compound assignments, ++/--, destructuring
// assignments and for-in/of heads. The writes of a name in a scope (its function, or the file)
// are found once (a node is immutable: an edit makes new nodes where it changes the text), by a
// walk of the subtrees whose text spells the name only: asking about a local or a parameter
// costs a look at its function, and about a module variable a pass over the file's text.
import type * as ts from 'typescript';
import type { Span, TS } from './captureTypes';
import { holdsOffset, wordOffsets } from './wordOffsets';

const indexes = new WeakMap<ts.Node, Map<string, ts.Identifier[]>>();

/** The identifiers named `name` written in `scope`. */
function writtenNames(ts: TS, scope: ts.Node, name: string): ts.Identifier[] {
  let index = indexes.get(scope);
  if (!index) indexes.set(scope, (index = new Map()));
  const known = index.get(name);
  if (known) return known;
  const found: ts.Identifier[] = [];
  const add = (id: ts.Identifier): void => {
    if (id.text === name) found.push(id);
  };
  const targets = (node: ts.Node): void => {
    // The left side of an assignment: a name, or a pattern of names (`[a, { b }] = …`).
    if (ts.isIdentifier(node)) add(node);
    else if (ts.isParenthesizedExpression(node)) targets(node.expression);
    else if (ts.isArrayLiteralExpression(node)) node.elements.forEach(targets);
    else if (ts.isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        if (ts.isShorthandPropertyAssignment(property)) add(property.name);
        else if (ts.isPropertyAssignment(property)) targets(property.initializer);
        else if (ts.isSpreadAssignment(property)) targets(property.expression);
      }
    } else if (ts.isSpreadElement(node)) targets(node.expression);
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) targets(node.left);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && isAssignment(ts, node.operatorToken.kind)) targets(node.left);
    else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) targets(node.operand);
    else if ((ts.isForInStatement(node) || ts.isForOfStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) targets(node.initializer);
    ts.forEachChild(node, (child) => (holdsOffset(offsets, child) ? visit(child) : undefined));
  };
  const offsets = wordOffsets(scope.getSourceFile().text, [name], scope.pos, scope.end);
  visit(scope);
  index.set(name, found);
  return found;
}

function isAssignment(ts: TS, kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** The writes to `symbol` (named `name`) in `scope`, the subtree its writes lie in (declarationKinds' writeScopeOf). */
export function writesOf(ts: TS, checker: ts.TypeChecker, scope: ts.Node, name: string, symbol: ts.Symbol): ts.Identifier[] {
  return writtenNames(ts, scope, name).filter((id) => {
    const written = ts.isShorthandPropertyAssignment(id.parent) ? checker.getShorthandAssignmentValueSymbol(id.parent) : checker.getSymbolAtLocation(id);
    return written === symbol;
  });
}

/** The first write outside `inside` that can run after `point` (the call that ships the function):
 * later in the same function, or earlier in a loop that also runs the call (the next turn writes
 * after this turn's call), or in another function, which may run at any time. A write at the
 * module's top level runs when the module loads, before a call inside a function. */
export function writeAfter(ts: TS, writes: readonly ts.Identifier[], point: ts.Node, inside: ts.Node): WriteSite | undefined {
  const pointScope = functionScope(ts, point);
  for (const write of writes) {
    if (within(write, inside)) continue;
    const scope = functionScope(ts, write);
    const after = scope === pointScope ? write.getStart() >= point.end || sharesLoop(ts, write, point) : !ts.isSourceFile(scope);
    if (after) return siteOf(write);
  }
  return undefined;
}

function functionScope(ts: TS, node: ts.Node): ts.Node {
  let current = node.parent;
  while (!ts.isSourceFile(current) && !ts.isFunctionLike(current)) current = current.parent;
  return current;
}

/** The first write inside `inside`. */
export function writeInside(writes: readonly ts.Identifier[], inside: ts.Node): WriteSite | undefined {
  const write = writes.find((id) => within(id, inside));
  return write && siteOf(write);
}

type WriteSite = Span & { line: number };

function siteOf(write: ts.Identifier): WriteSite {
  const start = write.getStart();
  return { start, end: write.end, line: write.getSourceFile().getLineAndCharacterOfPosition(start).line + 1 };
}

function within(node: ts.Node, outer: ts.Node): boolean {
  return node.getSourceFile() === outer.getSourceFile() && node.pos >= outer.pos && node.end <= outer.end;
}

function sharesLoop(ts: TS, write: ts.Node, point: ts.Node): boolean {
  for (let node: ts.Node | undefined = write.parent; node && !ts.isFunctionLike(node); node = node.parent) {
    if (ts.isIterationStatement(node, false) && within(point, node)) return true;
  }
  return false;
}
