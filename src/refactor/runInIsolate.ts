// "Run in isolate": the refactor that moves a selected computation into `Isolate.run`, offered
// only when it can show the move is safe. Given a file, its checker and the editor's selection,
// the offers: `Run in isolate` with its edits (applied together, one undo step), or disabled
// with the reason naming what stops it; in a synchronous function, that one disabled and
// `Run in isolate (make f async)` offered beside it. The right side of `sum += …` is named first
// (`const result = await …; sum += result;`), so the sum is read after the await. Pure: the
// editor and a tsserver plugin call it with their own TypeScript.
import type * as ts from 'typescript';
import type { Span, TS } from './captureTypes';
import { moduleStyleOf, type TextEdit } from './captureFixes';
import { singleFileChecker, type SingleFile } from './singleFileProgram';
import { findRewriteTarget } from './rewriteTarget';
import { planMove } from './movePlan';
import { resultVerdict } from './resultVerdict';
import { narrowingRefusal } from './narrowingVerdict';
import { awaitContext } from './awaitContext';
import { isolateAccess } from './runtimeImport';
import { containsOwn, isolateCallText, lineEnd, needsParentheses } from './isolateText';
import { compoundPlace } from './compoundAssignment';
import { RUN_IN_ISOLATE_KIND } from '../protocol/editorActions';

export { RUN_IN_ISOLATE_KIND };
export const RUN_IN_ISOLATE_TITLE = 'Run in isolate';

/** A file outside any program, bound alone once per version (a source file never changes). */
const boundAlone = new WeakMap<ts.SourceFile, SingleFile>();

export type IsolateOffer =
  | { title: string; kind: typeof RUN_IN_ISOLATE_KIND; edits: TextEdit[] }
  | { title: string; kind: typeof RUN_IN_ISOLATE_KIND; disabledReason: string };

/** The offers for `range` in `file`: none when there is nothing to move there. Without a
 * checker (a file outside any program), the file alone is bound and types are not known. The
 * program's compiler options say how a TypeScript file loads modules once compiled. */
export function runInIsolateOffers(ts: TS, file: ts.SourceFile, checker: ts.TypeChecker | undefined, range: Span, options?: ts.CompilerOptions): IsolateOffer[] {
  let source = file;
  let types = checker;
  if (!types) {
    let bound = boundAlone.get(file);
    if (!bound) boundAlone.set(file, (bound = singleFileChecker(ts, file.fileName, file.text)));
    ({ sourceFile: source, checker: types } = bound);
  }
  const target = findRewriteTarget(ts, source, types, range);
  if (!target) return [];
  const disabled = (reason: string): IsolateOffer[] => [{ title: RUN_IN_ISOLATE_TITLE, kind: RUN_IN_ISOLATE_KIND, disabledReason: reason }];
  if (containsOwn(ts, target, ts.isYieldExpression)) return disabled('the expression yields: a generator’s `yield` cannot move into an isolate');
  const style = moduleStyleOf(ts, file, options); // the file as it runs: compiled by the program's options, or its package's type
  const plan = planMove(ts, target, types, { style, annotate: checker !== undefined && /\.[cm]?tsx?$/.test(source.fileName) });
  if (!plan.ok) return disabled(plan.reason);
  const result = resultVerdict(ts, types, target);
  if (result.refused) return disabled(result.refused);
  const narrowing = checker && narrowingRefusal(ts, types, target); // (without a program, no types to narrow)
  if (narrowing) return disabled(narrowing);
  const where = result.promise ? undefined : awaitContext(ts, target, style);
  if (where?.kind === 'refused') return disabled(where.reason);
  const access = isolateAccess(ts, source, types, target, style);
  if (!access.ok) return disabled(access.reason);
  const compound = where ? compoundPlace(ts, types, target) : undefined;
  if (compound?.kind === 'refused') return disabled(compound.reason);
  const text = isolateCallText(ts, target, { isolate: access.expression, plan: plan.plan, awaited: where !== undefined, parenthesize: !compound && needsParentheses(ts, target) });
  const written: TextEdit[] = compound ? namedFirst(source, compound.statement, compound.name, text, target) : [{ start: target.getStart(), end: target.end, newText: text }];
  const edits = merged([...access.edits, ...written]);
  if (where?.kind !== 'makeAsync') return [{ title: RUN_IN_ISOLATE_TITLE, kind: RUN_IN_ISOLATE_KIND, edits }];
  return [
    ...disabled(where.reason),
    { title: `${RUN_IN_ISOLATE_TITLE} (make \`${where.fnName}\` async)`, kind: RUN_IN_ISOLATE_KIND, edits: merged([...edits, ...where.edits]) },
  ];
}

/** `const result = <call>;` before the compound assignment's statement, and `result` in place of
 * the moved expression: the assignment reads its target once the result has arrived. */
function namedFirst(file: ts.SourceFile, statement: ts.Statement, name: string, call: string, target: ts.Expression): TextEdit[] {
  const at = statement.getStart();
  const lineStart = file.text.lastIndexOf('\n', at - 1) + 1;
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart, at))![0];
  return [
    { start: at, end: at, newText: `const ${name} = ${call};${lineEnd(file.text)}${indent}` },
    { start: target.getStart(), end: target.end, newText: name },
  ];
}

/** Edits in order, an insertion at the start of a replacement folded into it (editors differ on
 * which goes first when two edits start at one offset). */
function merged(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TextEdit[] = [];
  for (const edit of sorted) {
    const previous = out[out.length - 1];
    if (previous && previous.start === edit.start && previous.end === previous.start) out[out.length - 1] = { start: edit.start, end: edit.end, newText: previous.newText + edit.newText };
    else out.push(edit);
  }
  return out;
}
