// The moved expression as the right side of a compound assignment (`sum += heavy(x)`). Written
// `sum += await Isolate.run(…)`, `sum` would be read before the await and written after it, so an
// update made while the isolate runs (another of concurrent callbacks, `Promise.all(xs.map(async
// …))`) would be lost. The result is named first instead, and the assignment reads `sum` once it
// has arrived: `const result = await Isolate.run(…);` then `sum += result;`. Where that cannot be
// written (not a statement of its own in a block, or a target with side effects), refused.
import type * as ts from 'typescript';
import type { TS } from './captureTypes';

export type CompoundPlace =
  | { kind: 'named'; statement: ts.ExpressionStatement; name: string }
  | { kind: 'refused'; reason: string };

/** Where `expression`'s awaited result must be named first, undefined when it is not the right
 * side of an arithmetic or bitwise compound assignment (a logical one, `??=`, awaits only when
 * it assigns, and is left as written). */
export function compoundPlace(ts: TS, checker: ts.TypeChecker, expression: ts.Expression): CompoundPlace | undefined {
  let node: ts.Node = expression;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const assignment = node.parent;
  if (!ts.isBinaryExpression(assignment) || assignment.right !== node) return undefined;
  const operator = assignment.operatorToken.kind;
  if (operator < ts.SyntaxKind.FirstCompoundAssignment || operator > ts.SyntaxKind.LastCompoundAssignment) return undefined;
  if (operator === ts.SyntaxKind.BarBarEqualsToken || operator === ts.SyntaxKind.AmpersandAmpersandEqualsToken || operator === ts.SyntaxKind.QuestionQuestionEqualsToken) return undefined;
  const target = assignment.left.getText();
  const statement = assignment.parent;
  const inList = ts.isExpressionStatement(statement) && (ts.isBlock(statement.parent) || ts.isSourceFile(statement.parent) || ts.isCaseOrDefaultClause(statement.parent) || ts.isModuleBlock(statement.parent));
  if (!inList || !sideEffectFree(ts, assignment.left)) {
    return { kind: 'refused', reason: `\`${target}\` would be read before the isolate's result is awaited and written after it, so an update made meanwhile (by another callback) would be lost: the refactor names the result first only in a statement of its own in a block, assigning a plain name or property` };
  }
  const taken = new Set(checker.getSymbolsInScope(expression, ts.SymbolFlags.Value).map((symbol) => symbol.name));
  let name = 'result';
  for (let index = 2; taken.has(name); index++) name = `result${index}`;
  return { kind: 'named', statement, name };
}

/** A name, `this`, or a chain of property reads of one: evaluated later, it reads the same place. */
function sideEffectFree(ts: TS, node: ts.Expression): boolean {
  if (ts.isIdentifier(node) || node.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(node) && !node.questionDotToken && sideEffectFree(ts, node.expression);
}
