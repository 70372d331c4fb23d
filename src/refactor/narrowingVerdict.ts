// Whether the moved expression is a condition that narrows a type in what it guards: in
// `opt.n === undefined ? 0 : opt.n`, TypeScript knows `opt.n` is a number in the else branch
// only because it sees the comparison. Computed in an isolate, the condition becomes an awaited
// boolean that narrows nothing, and the code it guards no longer type-checks, so the move is
// refused, naming what it narrows. What a condition guards: a conditional's branches, an if's
// branches and the statements after it in its block (an early return narrows them), a loop's
// body, the right side of && || ??, and so on up through `!`, parentheses and those operators.
import type * as ts from 'typescript';
import type { TS } from './captureTypes';

export function narrowingRefusal(ts: TS, checker: ts.TypeChecker, target: ts.Expression): string | undefined {
  const guarded = guardedBy(ts, target);
  if (guarded.length === 0) return undefined;
  // The references the condition tests, with their types there (before any narrowing by it).
  const tested = new Map<string, { symbol: ts.Symbol | undefined; type: string }>();
  const collect = (node: ts.Node): void => {
    const key = referenceKey(ts, node);
    if (key && !tested.has(key)) tested.set(key, { symbol: rootSymbol(ts, checker, node), type: checker.typeToString(checker.getTypeAtLocation(node)) });
    ts.forEachChild(node, collect);
  };
  collect(target);
  if (tested.size === 0) return undefined;
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    const key = referenceKey(ts, node);
    const before = key ? tested.get(key) : undefined;
    if (before && rootSymbol(ts, checker, node) === before.symbol && !isAssignedTo(ts, node)) {
      const after = checker.typeToString(checker.getTypeAtLocation(node));
      if (after !== before.type) {
        found = `the expression is a condition that narrows \`${key}\` (${before.type}) to ${after} in what it guards (line ${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1}): computed in an isolate, it could narrow nothing, and that code would no longer type-check`;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const node of guarded) visit(node);
  return found;
}

/** The nodes whose types the condition `target` can narrow (none when it is no condition). */
function guardedBy(ts: TS, target: ts.Expression): ts.Node[] {
  const guarded: ts.Node[] = [];
  let node: ts.Node = target;
  for (;;) {
    const parent = node.parent;
    if (ts.isParenthesizedExpression(parent) || (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken)) {
      node = parent;
      continue;
    }
    if (ts.isBinaryExpression(parent) && isLogical(ts, parent.operatorToken.kind)) {
      if (parent.left === node) guarded.push(parent.right);
      node = parent;
      continue;
    }
    if (ts.isConditionalExpression(parent) && parent.condition === node) guarded.push(parent.whenTrue, parent.whenFalse);
    else if (ts.isIfStatement(parent) && parent.expression === node) guarded.push(parent.thenStatement, ...(parent.elseStatement ? [parent.elseStatement] : []), ...following(ts, parent));
    else if ((ts.isWhileStatement(parent) || ts.isDoStatement(parent)) && parent.expression === node) guarded.push(parent.statement, ...following(ts, parent));
    else if (ts.isForStatement(parent) && parent.condition === node) guarded.push(parent.statement, ...(parent.incrementor ? [parent.incrementor] : []));
    return guarded;
  }
}

function isLogical(ts: TS, kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

/** The statements after `statement` in its block (narrowed by an if that returns early). */
function following(ts: TS, statement: ts.Statement): ts.Node[] {
  const parent = statement.parent;
  const list = ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent) ? parent.statements : undefined;
  return list ? list.slice(list.indexOf(statement) + 1) : [];
}

/** `x`, `x.y.z` or `this.y` as text: a reference TypeScript can narrow. */
function referenceKey(ts: TS, node: ts.Node): string | undefined {
  if (ts.isIdentifier(node)) return ts.isPropertyAccessExpression(node.parent) && node.parent.name === node ? undefined : node.text;
  if (ts.isPropertyAccessExpression(node) && (ts.isIdentifier(node.expression) || node.expression.kind === ts.SyntaxKind.ThisKeyword || ts.isPropertyAccessExpression(node.expression))) {
    const inner = node.expression.kind === ts.SyntaxKind.ThisKeyword ? 'this' : referenceKey(ts, node.expression);
    return inner && `${inner}.${node.name.text}`;
  }
  return undefined;
}

function rootSymbol(ts: TS, checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  let root: ts.Node = node;
  while (ts.isPropertyAccessExpression(root)) root = root.expression;
  return ts.isIdentifier(root) ? checker.getSymbolAtLocation(root) : undefined;
}

function isAssignedTo(ts: TS, node: ts.Node): boolean {
  const parent = node.parent;
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}
