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
  const verdict = cloneVerdict(ts, checker, value);
  if (!verdict.ok) return { promise, refused: `the value it computes cannot come back from an isolate: it is ${verdict.reason}` };
  if (isBuffer(value)) return { promise, refused: 'the value it computes is a Buffer, which would come back from an isolate as a plain Uint8Array (its toString and the rest of Buffer’s methods gone)' };
  const instance = classWithMethods(ts, value);
  if (instance) return { promise, refused: `the value it computes is an instance of class \`${instance}\`, which would come back from an isolate as a plain object without its methods` };
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

/** A Node Buffer (declared by @types/node), which a structured clone turns into a Uint8Array. */
function isBuffer(type: ts.Type): boolean {
  const members = type.isUnion() ? type.types : [type];
  return members.some((member) => member.getSymbol()?.name === 'Buffer' && (member.getSymbol()?.declarations ?? []).every((declaration) => declaration.getSourceFile().isDeclarationFile));
}

/** The name of a class of this program with methods or accessors that `type` is an instance of. */
function classWithMethods(ts: TS, type: ts.Type): string | undefined {
  for (const member of type.isUnion() ? type.types : [type]) {
    const declaration = member.getSymbol()?.declarations?.find((candidate) => ts.isClassLike(candidate));
    if (!declaration || !ts.isClassLike(declaration) || declaration.getSourceFile().isDeclarationFile) continue;
    const methods = declaration.members.some((element) => (ts.isMethodDeclaration(element) || ts.isGetAccessorDeclaration(element) || ts.isSetAccessorDeclaration(element)) && !element.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword));
    if (methods) return declaration.name?.text ?? 'anonymous';
  }
  return undefined;
}
