// What "Run in isolate" would move, read from the editor's selection: the expression selected
// (exactly, give or take whitespace and a trailing `;`), or with an empty selection the innermost
// call around the cursor whose callee the file defines or imports. Nothing inside or around a call
// that already hands a function to an isolate: the refactor's own output offers nothing more to move.
import type * as ts from 'typescript';
import type { Span, TS } from './captureTypes';
import { isolateApiOf } from './isolateCalls';

/** The expression to move for `range`, or undefined when there is none worth offering. */
export function findRewriteTarget(ts: TS, file: ts.SourceFile, checker: ts.TypeChecker, range: Span): ts.Expression | undefined {
  const target = range.start === range.end ? callAtCursor(ts, file, checker, range.start) : selectedExpression(ts, file, range);
  if (!target || !movable(ts, target)) return undefined;
  // Inside an isolate call (its function, its options) or around one: already moved. Asked of
  // the calls around the target and in it, not of the whole file (a code action must be quick).
  for (let node: ts.Node = target; !ts.isSourceFile(node); node = node.parent) {
    if (ts.isCallExpression(node) && isolateApiOf(ts, checker, node)) return undefined;
  }
  return containsIsolateCall(ts, checker, target) ? undefined : target;
}

function containsIsolateCall(ts: TS, checker: ts.TypeChecker, node: ts.Node): boolean {
  if (ts.isCallExpression(node) && isolateApiOf(ts, checker, node)) return true;
  return ts.forEachChild(node, (child) => containsIsolateCall(ts, checker, child) || undefined) ?? false;
}

/** The expression the selection holds with nothing else but whitespace, comments and a `;`
 * around it (the outermost of those that share its text). */
function selectedExpression(ts: TS, file: ts.SourceFile, range: Span): ts.Expression | undefined {
  const { start, end } = range;
  const text = file.text;
  if (!/\S/.test(text.slice(start, end))) return undefined;
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.end < start || node.pos > end) return;
    const nodeStart = node.getStart(file);
    if (nodeStart >= start && node.end <= end && ts.isExpression(node)) {
      if (TRIVIA.test(text.slice(start, nodeStart)) && TRIVIA.test(text.slice(node.end, end))) found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  while (found && ts.isParenthesizedExpression(found)) found = found.expression;
  return found;
}

/** Text that is nothing but whitespace, comments and semicolons. */
const TRIVIA = /^(?:\s|;|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*$/;

/** The innermost call around `position` whose callee is declared in this file (a function, a
 * variable, an import), not crossing a function boundary to find one. */
function callAtCursor(ts: TS, file: ts.SourceFile, checker: ts.TypeChecker, position: number): ts.Expression | undefined {
  let node: ts.Node | undefined = deepestAt(ts, file, position);
  for (; node && !ts.isSourceFile(node); node = node.parent) {
    if (ts.isCallExpression(node) && node.getStart(file) <= position && declaredInFile(ts, checker, node.expression, file)) return node;
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return undefined;
  }
  return undefined;
}

function deepestAt(ts: TS, file: ts.SourceFile, position: number): ts.Node {
  let node: ts.Node = file;
  for (;;) {
    const child: ts.Node | undefined = node.getChildren(file).find((candidate) => candidate.getStart(file) <= position && position <= candidate.end && candidate.kind !== ts.SyntaxKind.EndOfFileToken);
    if (!child) return node;
    node = child;
  }
}

/** The callee's root name (`f`, `path` of `path.join`) is declared in `file`. */
function declaredInFile(ts: TS, checker: ts.TypeChecker, callee: ts.Expression, file: ts.SourceFile): boolean {
  let root = callee;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isParenthesizedExpression(root) || ts.isNonNullExpression(root)) root = root.expression;
  if (!ts.isIdentifier(root)) return false;
  const declarations = checker.getSymbolAtLocation(root)?.declarations ?? [];
  return declarations.some((declaration) => declaration.getSourceFile() === file);
}

/** An expression whose value could be computed elsewhere: not a bare name or literal, not a
 * function, not written to, not a callee or a piece of a type or of an optional chain. */
function movable(ts: TS, node: ts.Expression): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.RegularExpressionLiteral:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.ThisKeyword:
    case ts.SyntaxKind.SuperKeyword:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.ClassExpression:
    case ts.SyntaxKind.OmittedExpression:
    case ts.SyntaxKind.SpreadElement:
    case ts.SyntaxKind.MetaProperty:
      return false;
  }
  const parent = node.parent;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent) || ts.isTaggedTemplateExpression(parent) || ts.isDecorator(parent)) && (parent as { expression?: ts.Node }).expression === node) return false;
  if ((ts.isTaggedTemplateExpression(parent) && parent.tag === node) || ts.isDeleteExpression(parent)) return false;
  if (ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return false;
  if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) return false;
  if ((ts.isForInStatement(parent) || ts.isForOfStatement(parent)) && parent.initializer === node) return false;
  if (ts.isOptionalChain(node) && (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent)) && parent.expression === node) return false;
  for (let up: ts.Node = parent; !ts.isSourceFile(up); up = up.parent) {
    if (ts.isTypeNode(up) || ts.isHeritageClause(up) || ts.isDecorator(up) || ts.isEnumMember(up)) return false;
  }
  return true;
}
