// What the capture check learns about a symbol, kept for the checker it learnt it from: a file
// ships many functions that capture the same names (an import, a config object), and each
// capture of one asks the same questions of its declaration, its type and its writes. A checker
// is one program's, so an edit (a new program) starts afresh; the answers are shared, not copied,
// and are read only.
import type * as ts from 'typescript';

const memos = new WeakMap<ts.TypeChecker, WeakMap<ts.Symbol, Map<string, unknown>>>();

/** `compute()` once per checker, symbol and question (`what`). */
export function perSymbol<T>(checker: ts.TypeChecker, symbol: ts.Symbol, what: string, compute: () => T): T {
  let bySymbol = memos.get(checker);
  if (!bySymbol) memos.set(checker, (bySymbol = new WeakMap()));
  let answers = bySymbol.get(symbol);
  if (!answers) bySymbol.set(symbol, (answers = new Map()));
  if (answers.has(what)) return answers.get(what) as T;
  const answer = compute();
  answers.set(what, answer);
  return answer;
}
