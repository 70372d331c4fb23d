// Whether the moved expression's value can come back from the isolate: the result is copied
// back by a structured clone, so a function, a symbol, a class instance (which arrives as a plain
// object without its methods) or a Buffer (which arrives as a plain Uint8Array) cannot. A Promise
// is the isolate's own result: Isolate.run awaits it there and settles with its value, so such an
// expression needs no `await` here.
import type * as ts from 'typescript';
import type { TS } from './captureTypes';
import { cloneVerdict } from './cloneVerdict';

export interface ResultVerdict {
  /** The expression is a Promise (or a union of thenables): Isolate.run's Promise stands for it. */
  promise: boolean;
  /** Why the value cannot come back, when it cannot. */
  refused?: string;
}

/** The verdict on `expression`'s value. */
export function resultVerdict(ts: TS, checker: ts.TypeChecker, expression: ts.Expression): ResultVerdict {
  const type = checker.getTypeAtLocation(expression);
  const promise = isThenable(ts, checker, type);
  const value = promise ? checker.getAwaitedType(type) ?? type : type;
  const verdict = cloneVerdict(ts, checker, value, [], { everyMethod: true, bufferMethods: true });
  if (!verdict.ok) return { promise, refused: `the value it computes cannot come back from an isolate whole: it is ${verdict.reason}` };
  return { promise };
}

function isThenable(ts: TS, checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  const members = type.isUnion() ? type.types : [type];
  return members.every((member) => {
    const then = member.getProperty('then');
    return then !== undefined && checker.getTypeOfSymbol(then).getCallSignatures().length > 0;
  });
}
