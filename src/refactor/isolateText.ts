// The text that replaces a moved expression: `Isolate.run((a, b) => expr, { args: [a, b] })`,
// or with imports and copied helpers a block body that loads and declares them before
// `return expr;`. The expression and the helpers keep their own text (comments, formatting),
// re-indented to their new depth except for lines inside template literals, whose text is data.
import type * as ts from 'typescript';
import type { TS } from './captureTypes';
import type { MovePlan } from './movePlan';

export interface IsolateTextOptions {
  /** How the runtime's Isolate is reached here (`Isolate`, `iso.Isolate`). */
  isolate: string;
  plan: MovePlan;
  /** `await` the result (else the call's Promise stands for the expression's own). */
  awaited: boolean;
  /** The result is an operand that binds tighter than `await` (`(await …).x`). */
  parenthesize: boolean;
}

/** The replacement text for `expression`. */
export function isolateCallText(ts: TS, expression: ts.Expression, options: IsolateTextOptions): string {
  const file = expression.getSourceFile();
  const { plan } = options;
  const indent = lineIndentation(file.text, expression.getStart());
  const unit = indentUnit(file.text);
  const inner = indent + unit;
  const params = plan.params.map((param) => (param.type ? `${param.name}: ${param.type}` : param.name)).join(', ');
  const isAsync = plan.awaitsImport || containsOwn(ts, expression, ts.isAwaitExpression) ? 'async ' : '';
  const args = plan.params.length > 0 ? `, { args: [${plan.params.map((param) => param.name).join(', ')}] }` : '';
  const text = file.text.slice(expression.getStart(), expression.end);
  let fn: string;
  if (plan.imports.length === 0 && plan.helpers.length === 0) {
    // A body that starts with `{` (an object literal, or an expression that begins with one)
    // would read as a block; a comma would end the arrow.
    const body = text.startsWith('{') || (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.CommaToken) ? `(${text})` : text;
    fn = `${isAsync}(${params}) => ${body}`;
  } else {
    const lines = [
      ...plan.imports.map((statement) => inner + statement),
      ...plan.helpers.map((helper) => inner + helperText(ts, helper, inner)),
      `${inner}return ${reindented(ts, expression, indent, inner)};`,
    ];
    const eol = lineEnd(file.text);
    fn = `${isAsync}(${params}) => {${eol}${lines.join(eol)}${eol}${indent}}`;
  }
  const call = `${options.isolate}.run(${fn}${args})`;
  if (!options.awaited) return call;
  return options.parenthesize ? `(await ${call})` : `await ${call}`;
}

/** Whether `await` in place of `node` needs parentheses: it is the operand of something that
 * binds tighter (a member access, a call, `new`, a tag, `!`, `**`, a postfix operator). */
export function needsParentheses(ts: TS, node: ts.Expression): boolean {
  const parent = node.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent) || ts.isNewExpression(parent) || ts.isNonNullExpression(parent)) && parent.expression === node) return true;
  if (ts.isTaggedTemplateExpression(parent) || ts.isPostfixUnaryExpression(parent)) return true;
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken;
}

/** A helper declaration as it is copied: without `export`, `default` or `declare`, its lines
 * moved from its own indentation to `inner`. A `const` holding a function is copied alone. */
function helperText(ts: TS, helper: ts.Node, inner: string): string {
  const file = helper.getSourceFile();
  const from = lineIndentation(file.text, helper.getStart());
  if (ts.isVariableDeclaration(helper)) return `const ${reindented(ts, helper, from, inner)};`;
  const modifiers = ts.canHaveModifiers(helper) ? ts.getModifiers(helper) ?? [] : [];
  const dropped = modifiers.filter((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword || modifier.kind === ts.SyntaxKind.DefaultKeyword || modifier.kind === ts.SyntaxKind.DeclareKeyword);
  const last = dropped[dropped.length - 1];
  const start = last ? skipSpace(file.text, last.end) : helper.getStart();
  return reindented(ts, helper, from, inner, start);
}

/** `node`'s text, each line after the first moved from indentation `from` to `to` (lines that
 * start inside a template literal are left as they are; line ends are kept). */
function reindented(ts: TS, node: ts.Node, from: string, to: string, start = node.getStart()): string {
  const file = node.getSourceFile();
  const text = file.text.slice(start, node.end);
  if (from === to || !text.includes('\n')) return text;
  const templates = templateRanges(ts, node);
  const parts = text.split(/(\r?\n)/); // lines, and between them the line ends
  let out = parts[0]!;
  let offset = start + out.length;
  for (let index = 1; index < parts.length; index += 2) {
    const end = parts[index]!;
    const line = parts[index + 1]!;
    offset += end.length;
    const inTemplate = templates.some(([s, e]) => offset > s && offset < e);
    if (inTemplate) out += end + line;
    else if (line.trim() === '') out += end;
    else out += end + (line.startsWith(from) ? to + line.slice(from.length) : to + line.trimStart());
    offset += line.length;
  }
  return out;
}

/** The offsets covered by template literal text under `node`. */
function templateRanges(ts: TS, node: ts.Node): [number, number][] {
  const ranges: [number, number][] = [];
  const visit = (child: ts.Node): void => {
    if (ts.isNoSubstitutionTemplateLiteral(child) || ts.isTemplateHead(child) || ts.isTemplateMiddle(child) || ts.isTemplateTail(child)) ranges.push([child.getStart(), child.end]);
    else ts.forEachChild(child, visit);
  };
  visit(node);
  return ranges;
}

/** Whether `node` holds a node that `test` accepts, outside any function nested in it (an
 * `await` or a `yield` there is that function's own). */
export function containsOwn(ts: TS, node: ts.Node, test: (node: ts.Node) => boolean): boolean {
  if (test(node)) return true;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, (child) => containsOwn(ts, child, test) || undefined) ?? false;
}

function lineIndentation(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, position))![0];
}

function skipSpace(text: string, position: number): number {
  let at = position;
  while (/\s/.test(text[at] ?? '')) at++;
  return at;
}

/** The file's line end: \r\n when its first line ends so, else \n. */
export function lineEnd(text: string): string {
  const first = text.indexOf('\n');
  return first > 0 && text[first - 1] === '\r' ? '\r\n' : '\n';
}

/** The file's indentation step: a tab, or the smallest run of leading spaces (2 by default). */
export function indentUnit(text: string): string {
  let smallest = 0;
  for (const match of text.matchAll(/^([ \t]+)\S/gm)) {
    if (match[1]!.startsWith('\t')) return '\t';
    const width = match[1]!.length;
    if (width >= 2 && (smallest === 0 || width < smallest)) smallest = width;
  }
  return ' '.repeat(smallest === 0 ? 2 : Math.min(smallest, 8));
}
