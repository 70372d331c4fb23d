// Where in a file an isolate call can be, found in its text before its tree: every call the
// capture check recognises is written with one of a few words (`run`, `spawn`, `compute`, a name
// compute is imported as, or `eval` in an eval worker's options), so a subtree whose text holds
// none of them holds no such call, and the walk that finds the calls skips it. A 5,000-line
// file is read in one pass of a regular expression instead of a visit of every node.
import type * as ts from 'typescript';
import { holdsOffset, wordOffsets } from './wordOffsets';

/** The words' offsets in a file, for one set of compute's names (one walk's). */
const offsetsByFile = new WeakMap<ts.SourceFile, { names: ReadonlySet<string>; offsets: number[] }>();

/** Whether `node`'s text holds one of the words an isolate call of `file` is written with. */
export function mayHoldIsolateCall(file: ts.SourceFile, computeNames: ReadonlySet<string>, node: ts.Node): boolean {
  let known = offsetsByFile.get(file);
  if (!known || known.names !== computeNames) offsetsByFile.set(file, (known = { names: computeNames, offsets: wordOffsets(file.text, ['run', 'spawn', 'compute', 'eval', ...computeNames]) }));
  return holdsOffset(known.offsets, node);
}
