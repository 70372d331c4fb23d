// Where words occur in a source text, to walk only the subtrees that hold one: a node's children
// are all visited by a full walk, but a name or a call can only be in a node whose text spells
// it. A regular expression finds the words in one pass; a bisection then tells whether a node's
// stretch holds one. An identifier may spell a word with a `\u` escape, so every escape counts.
import type * as ts from 'typescript';

/** The offsets, ascending, in `text` from `from` to `to`, of the whole words `words` (letters,
 * digits, `_` and `$` on neither side) and of every `\u` escape. */
export function wordOffsets(text: string, words: readonly string[], from = 0, to = text.length): number[] {
  const escaped = words.map((word) => word.replace(/[$\\^.*+?()[\]{}|]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\w$])(?:${escaped.join('|')})(?![\\w$])|\\\\u`, 'g');
  pattern.lastIndex = from;
  const offsets: number[] = [];
  for (let match = pattern.exec(text); match && match.index < to; match = pattern.exec(text)) offsets.push(match.index);
  return offsets;
}

/** Whether one of `offsets` (ascending) is inside `node`'s stretch, its leading trivia included. */
export function holdsOffset(offsets: readonly number[], node: ts.Node): boolean {
  // The first offset at or after the node's start, by bisection: inside the node if before its end.
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (offsets[middle]! < node.pos) low = middle + 1;
    else high = middle;
  }
  return low < offsets.length && offsets[low]! < node.end;
}
