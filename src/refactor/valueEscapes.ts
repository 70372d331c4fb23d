// Whether a use of a captured value hands it on whole: to a call, into a literal, to a variable,
// out as a result. Code that receives it may call any of its methods, which a structured copy
// does not keep, so such a value is judged as if every method were used. A use that only reads a
// property, calls a method (the clone verdict reads those), or tests or compares it does not.
import type * as ts from 'typescript';
import type { Span, TS } from './captureTypes';

/** Whether any of `uses` (spans of the name, under `root`) hands the value on. */
export function valueEscapes(ts: TS, root: ts.Node, uses: readonly Span[]): boolean {
  return uses.some((use) => {
    const id = identifierAt(ts, root, use);
    return id !== undefined && escapes(ts, id);
  });
}

function escapes(ts: TS, id: ts.Identifier): boolean {
  if (ts.isShorthandPropertyAssignment(id.parent)) return true;
  let top: ts.Node = id;
  // Up through `x.a.b`, `x[0]`, `x!`, `(x)`: what is handed on is the end of the chain.
  for (;;) {
    const parent = top.parent;
    if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === top) top = parent;
    else if (ts.isNonNullExpression(parent) || ts.isParenthesizedExpression(parent)) top = parent;
    else break;
  }
  const parent = top.parent;
  if (ts.isCallExpression(parent) && parent.expression === top) return false; // a method call: read by the verdict
  if (ts.isPrefixUnaryExpression(parent) || ts.isTypeOfExpression(parent) || ts.isVoidExpression(parent)) return false;
  if (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || (ts.isConditionalExpression(parent) && parent.condition === top)) return false;
  if (ts.isBinaryExpression(parent)) {
    const operator = parent.operatorToken.kind;
    return operator === ts.SyntaxKind.EqualsToken || operator === ts.SyntaxKind.CommaToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.QuestionQuestionToken || (operator >= ts.SyntaxKind.FirstCompoundAssignment && operator <= ts.SyntaxKind.LastCompoundAssignment);
  }
  return true;
}

/** The identifier under `root` that spans exactly `span`. */
export function identifierAt(ts: TS, root: ts.Node, span: Span): ts.Identifier | undefined {
  const file = root.getSourceFile();
  let found: ts.Identifier | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.end < span.start || node.pos > span.start) return;
    if (ts.isIdentifier(node) && node.getStart(file) === span.start && node.end === span.end) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/** The first property read of a captured value (`cfg.n`) whose type the code before the
 * selection narrowed (`if (cfg.n !== undefined)`): a parameter typed as the value is not
 * narrowed so, and the moved code would not type-check. A read under a condition inside the
 * moved code itself (`cfg.n === undefined ? 0 : cfg.n`) may be narrowed there, which moves
 * with it: not counted. */
export function narrowedProperty(ts: TS, checker: ts.TypeChecker, root: ts.Node, uses: readonly Span[]): string | undefined {
  for (const use of uses) {
    let node: ts.Node | undefined = identifierAt(ts, root, use);
    while (node && ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) {
      const access: ts.PropertyAccessExpression = node.parent;
      const symbol = checker.getSymbolAtLocation(access.name);
      if (symbol && !mayNarrowWithin(ts, access, root) && checker.getTypeAtLocation(access) !== checker.getTypeOfSymbol(symbol)) return access.getText();
      node = access;
    }
  }
  return undefined;
}

/** Whether `node` sits under a test inside `root` (a branch of `?:`, the right of `&&`, `||`,
 * `??`, a statement of an `if`, a loop or a `switch`) that may narrow it there. */
function mayNarrowWithin(ts: TS, node: ts.Node, root: ts.Node): boolean {
  for (let child = node, parent = node.parent; child !== root && parent; child = parent, parent = parent.parent) {
    if (ts.isConditionalExpression(parent) && child !== parent.condition) return true;
    if (ts.isBinaryExpression(parent) && child === parent.right && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(parent.operatorToken.kind)) return true;
    if (ts.isIfStatement(parent) || ts.isIterationStatement(parent, false) || ts.isCaseClause(parent)) return true;
  }
  return false;
}
