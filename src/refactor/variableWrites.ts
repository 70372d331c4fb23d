// Where a variable is written: assignments, compound assignments, ++/--, destructuring
// assignments and for-in/of heads. A file's written identifiers are indexed by name once per
// file version (a source file node is immutable; the editor makes a new one on each edit), so
// asking about many captures costs one walk of the file.
import type * as ts from 'typescript';
import type { Span, TS } from './captureTypes';

const indexes = new WeakMap<ts.SourceFile, Map<string, ts.Identifier[]>>();

/** The identifiers written in `file`, by name. */
function writtenNames(ts: TS, file: ts.SourceFile): Map<string, ts.Identifier[]> {
  const index = indexes.get(file);
  if (index) return index;
  const found = new Map<string, ts.Identifier[]>();
  const add = (id: ts.Identifier): void => {
    const list = found.get(id.text);
    if (list) list.push(id);
    else found.set(id.text, [id]);
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
    ts.forEachChild(node, visit);
  };
  visit(file);
  indexes.set(file, found);
  return found;
}

function isAssignment(ts: TS, kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** The writes to `symbol` (named `name`) in `file`. */
export function writesOf(ts: TS, checker: ts.TypeChecker, file: ts.SourceFile, name: string, symbol: ts.Symbol): ts.Identifier[] {
  return (writtenNames(ts, file).get(name) ?? []).filter((id) => {
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
