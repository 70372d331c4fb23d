// Where a function changes a captured value in place rather than assigning the variable: a
// property written (`stats.calls++`, `obj.x = 1`, `delete obj.x`), a mutating method called
// (`log.push(x)`, `map.set(k, v)`, `seen.add(x)`, `list.sort()`, `date.setHours(0)`), or the value
// handed to Object.assign as its target. An isolate gets a copy of the value, so the change would
// be made to the copy and lost. Reading the value, or calling a method that only reads, is fine.
import type * as ts from 'typescript';
import type { Span, TS } from './captureTypes';

/** The methods of Array, typed arrays, Map, Set and Date that change their receiver. */
const MUTATORS = /^(?:push|pop|shift|unshift|splice|sort|reverse|fill|copyWithin|set|add|delete|clear|set[A-Z]\w*)$/;

export type MutationSite = Span & { line: number; text: string };

/** The first of `uses` (identifiers of one captured variable) whose value is changed in place. */
export function firstMutation(ts: TS, uses: readonly ts.Identifier[]): MutationSite | undefined {
  for (const use of uses) {
    const site = mutationAt(ts, use);
    if (site) {
      const file = site.getSourceFile();
      const start = site.getStart();
      const text = site.getText().replace(/\s+/g, ' ');
      return { start, end: site.end, line: file.getLineAndCharacterOfPosition(start).line + 1, text: text.length > 40 ? `${text.slice(0, 39)}…` : text };
    }
  }
  return undefined;
}

/** The expression that changes the value `use` names, if it does. */
function mutationAt(ts: TS, use: ts.Identifier): ts.Node | undefined {
  let top: ts.Node = use;
  let member: ts.PropertyAccessExpression | ts.ElementAccessExpression | undefined;
  for (;;) {
    const parent = top.parent;
    if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === top) member = parent;
    else if (!ts.isNonNullExpression(parent) && !ts.isParenthesizedExpression(parent)) break;
    top = parent;
  }
  const parent = top.parent;
  if (!member) {
    // Object.assign(value, …) writes into its first argument.
    const call = ts.isCallExpression(parent) && parent.arguments[0] === top ? parent : undefined;
    return call && ts.isPropertyAccessExpression(call.expression) && call.expression.getText() === 'Object.assign' ? call : undefined;
  }
  if (ts.isBinaryExpression(parent) && parent.left === top && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return parent;
  if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) return parent;
  if (ts.isDeleteExpression(parent)) return parent;
  if (ts.isCallExpression(parent) && parent.expression === top && ts.isPropertyAccessExpression(member) && MUTATORS.test(member.name.text)) return parent;
  return undefined;
}
