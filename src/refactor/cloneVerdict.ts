// Whether a value can travel to an isolate, judged by its type: what the structured clone that
// carries arguments copies (plain data, Map, Set, Date, RegExp, typed arrays, errors), what it
// refuses (functions, symbols, promises, weak collections, platform and DOM objects), and class
// instances, which it copies without their class: refused when the code calls their methods.
// A type that says nothing (any, unknown, untyped JavaScript) is allowed: the runtime names the
// value at send time if it cannot be copied.
import type * as ts from 'typescript';
import type { CloneVerdict, TS } from './captureTypes';

/** Built-in types a structured clone copies as they are. */
const COPIED = new Set([
  'Date', 'RegExp', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array',
  'BigInt64Array', 'BigUint64Array', 'Boolean', 'Number', 'String', 'BigInt', 'Error', 'EvalError', 'RangeError',
  'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'AggregateError', 'DOMException', 'Blob', 'File',
  'ImageData', 'FileList', 'CryptoKey',
]);
/** Built-in containers: copied with what they hold, which is checked in turn. */
const CONTAINERS = new Set(['Map', 'Set', 'ReadonlyMap', 'ReadonlySet', 'Array', 'ReadonlyArray']);
/** Built-in types a structured clone refuses, and why. */
const REFUSED: Record<string, string> = {
  Promise: 'a Promise (await it before the call and pass its value)',
  PromiseLike: 'a Promise (await it before the call and pass its value)',
  WeakMap: 'a WeakMap, which a structured clone cannot copy',
  WeakSet: 'a WeakSet, which a structured clone cannot copy',
  WeakRef: 'a WeakRef, which a structured clone cannot copy',
  FinalizationRegistry: 'a FinalizationRegistry, which a structured clone cannot copy',
  Generator: 'a generator, which a structured clone cannot copy',
  AsyncGenerator: 'a generator, which a structured clone cannot copy',
  Iterator: 'an iterator, which a structured clone cannot copy',
  IterableIterator: 'an iterator, which a structured clone cannot copy',
  MessagePort: 'a MessagePort, which must be transferred, not copied',
  ReadableStream: 'a stream, which must be transferred, not copied',
  WritableStream: 'a stream, which must be transferred, not copied',
  TransformStream: 'a stream, which must be transferred, not copied',
};
const MAX_DEPTH = 6;
const MAX_PROPERTIES = 200;

interface Context {
  ts: TS;
  checker: ts.TypeChecker;
  seen: Set<ts.Type>;
  /** Every method of a class instance in the value may be used. */
  everyMethod: boolean;
  /** Every method of a Buffer in the value may be used. */
  bufferMethods: boolean;
}

export interface CloneVerdictOptions {
  /** Judge as if the code used every method of every class instance in the value, at any
   * depth: for a value whose uses cannot be read (handed on whole, or an isolate's result). */
  everyMethod?: boolean;
  /** The same for a Buffer's own methods (a Buffer arrives as a plain Uint8Array, which the
   * platform's functions take as well, so only a result is judged so). */
  bufferMethods?: boolean;
}

/** The verdict for a value of `type` that the code uses through `usedPaths` (each a chain of
 * property names read from it: `x.a.run()` is ['a', 'run']). */
export function cloneVerdict(ts: TS, checker: ts.TypeChecker, type: ts.Type, usedPaths: readonly string[][] = [], options: CloneVerdictOptions = {}): CloneVerdict {
  return verdictOf({ ts, checker, seen: new Set(), everyMethod: options.everyMethod ?? false, bufferMethods: options.bufferMethods ?? false }, type, usedPaths, 0) ?? { ok: true, reason: describeOk(ts, type) };
}

function describeOk(ts: TS, type: ts.Type): string {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'its type is not known; the runtime names it at the call if it cannot be copied';
  return 'a structured clone copies it';
}

/** Undefined when the value is copied; else why not. */
function verdictOf(context: Context, type: ts.Type, used: readonly string[][], depth: number): CloneVerdict | undefined {
  const { ts, checker, seen } = context;
  const flags = type.flags;
  if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never | ts.TypeFlags.NonPrimitive)) return undefined;
  if (flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.EnumLike | ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return undefined;
  if (flags & ts.TypeFlags.ESSymbolLike) return refused('a symbol, which a structured clone cannot copy');
  if (depth > MAX_DEPTH || seen.has(type)) return undefined;
  seen.add(type);
  if (type.isUnion()) {
    for (const member of type.types) {
      const verdict = verdictOf(context, member, used, depth);
      if (verdict) return verdict;
    }
    return undefined;
  }
  if (type.isIntersection()) {
    // A branded primitive (`string & { brand: … }`) is the primitive.
    const primitive = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike;
    if (type.types.some((member) => member.flags & primitive)) return undefined;
    for (const member of type.types) {
      const verdict = verdictOf(context, member, used, depth);
      if (verdict) return verdict;
    }
    return undefined;
  }
  if (flags & ts.TypeFlags.TypeParameter) {
    const constraint = checker.getBaseConstraintOfType(type);
    return constraint && constraint !== type ? verdictOf(context, constraint, used, depth) : undefined;
  }
  if (!(flags & ts.TypeFlags.Object)) return undefined;
  if (type.getCallSignatures().length > 0) return refused('a function, which a structured clone cannot copy');
  if (type.getConstructSignatures().length > 0) return refused('a class, which a structured clone cannot copy');
  const symbol = type.getSymbol();
  const builtin = symbol && isBuiltin(symbol) ? symbol.name : undefined;
  if (builtin !== undefined) {
    if (COPIED.has(builtin)) return undefined;
    if (builtin === 'Buffer') return context.bufferMethods ? refused("a Buffer, which arrives as a plain Uint8Array without Buffer's methods") : bufferVerdict(used);
    if (CONTAINERS.has(builtin) || checker.isArrayType(type) || checker.isTupleType(type)) return typeArgumentsVerdict(context, type, depth);
    if (REFUSED[builtin]) return refused(REFUSED[builtin]);
    if (isDomDeclaration(symbol!)) return refused(`a DOM object (${builtin}), which an isolate has no DOM for`);
  }
  if (checker.isArrayType(type) || checker.isTupleType(type)) return typeArgumentsVerdict(context, type, depth);
  return membersVerdict(context, type, used, depth, builtin);
}

function refused(reason: string): CloneVerdict {
  return { ok: false, reason };
}

function typeArgumentsVerdict(context: Context, type: ts.Type, depth: number): CloneVerdict | undefined {
  for (const argument of context.checker.getTypeArguments(type as ts.TypeReference)) {
    const verdict = verdictOf(context, argument, [], depth + 1);
    if (verdict) return { ok: false, reason: `it holds ${verdict.reason}` };
  }
  return undefined;
}

/** A Buffer arrives as a plain Uint8Array: refused only when the code calls Buffer's own methods. */
function bufferVerdict(used: readonly string[][]): CloneVerdict | undefined {
  const own = used.map((path) => path[0]).find((name) => name !== undefined && BUFFER_ONLY.test(name));
  return own ? refused(`a Buffer, which arrives as a plain Uint8Array: its method \`${own}\` is Buffer's`) : undefined;
}
const BUFFER_ONLY = /^(toString|toJSON|equals|compare|copy|write\w*|read\w*|swap\d+|toLocaleString)$/;

/** An object's members: functions are refused (a clone cannot copy them), a class's methods and
 * accessors are refused when the code uses them (the copy has its fields but not its class), and
 * the type of every data field is checked in turn. */
function membersVerdict(context: Context, type: ts.Type, used: readonly string[][], depth: number, builtin: string | undefined): CloneVerdict | undefined {
  const { ts, checker } = context;
  const className = classNameOf(ts, type);
  const properties = checker.getPropertiesOfType(type).slice(0, MAX_PROPERTIES);
  for (const property of properties) {
    if (property.name.startsWith('__#')) continue; // #private: not copied, and not readable from outside anyway
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    const below = used.filter((path) => path[0] === property.name).map((path) => path.slice(1));
    const isMethod = declaration !== undefined && (ts.isMethodSignature(declaration) || ts.isMethodDeclaration(declaration));
    if (builtin !== undefined && (!declaration || isBuiltinDeclaration(declaration))) {
      // A platform object (a lib or @types type with methods): a clone copies none of what it is.
      if (isMethod) return refused(`a ${builtin}, an object of the platform, which a structured clone does not copy (it arrives empty or not at all)`);
      if (checker.getTypeOfSymbol(property).getCallSignatures().length > 0) return refused(`an object whose property \`${property.name}\` is a function, which a structured clone cannot copy`);
      continue;
    }
    if (declaration && (ts.isMethodDeclaration(declaration) || ts.isGetAccessorDeclaration(declaration) || ts.isSetAccessorDeclaration(declaration)) && ts.isClassLike(declaration.parent)) {
      const what = ts.isMethodDeclaration(declaration) ? 'method' : 'accessor';
      if (context.everyMethod) return refused(`an instance of class \`${className ?? declaration.parent.name?.text ?? 'anonymous'}\`, whose ${what} \`${property.name}\` a copy does not keep (it keeps the fields but not the class)`);
      if (below.length === 0) continue;
      return refused(`an instance of class \`${className ?? declaration.parent.name?.text ?? 'anonymous'}\` whose ${what} \`${property.name}\` the function uses: a copy keeps the fields but not the class`);
    }
    if (isMethod) return refused(`an object whose property \`${property.name}\` is a function, which a structured clone cannot copy`);
    const verdict = verdictOf(context, checker.getTypeOfSymbol(property), below, depth + 1);
    if (verdict) return refused(`an object whose property \`${property.name}\` is ${verdict.reason}`);
  }
  const index = checker.getIndexTypeOfType(type, ts.IndexKind.String) ?? checker.getIndexTypeOfType(type, ts.IndexKind.Number);
  if (index) {
    const verdict = verdictOf(context, index, [], depth + 1);
    if (verdict) return refused(`an object whose values are ${verdict.reason}`);
  }
  return undefined;
}

function classNameOf(ts: TS, type: ts.Type): string | undefined {
  const declaration = type.getSymbol()?.declarations?.[0];
  return declaration && ts.isClassLike(declaration) ? declaration.name?.text : undefined;
}

/** A type of the language or the platform: declared in a declaration file (lib, @types). */
function isBuiltin(symbol: ts.Symbol): boolean {
  const declarations = symbol.declarations ?? [];
  return declarations.length > 0 && declarations.every(isBuiltinDeclaration);
}

function isBuiltinDeclaration(declaration: ts.Node): boolean {
  const file = declaration.getSourceFile();
  return file.isDeclarationFile && (file.hasNoDefaultLib || /[\\/]node_modules[\\/](typescript[\\/]lib|@types[\\/]node)[\\/]/.test(file.fileName));
}

function isDomDeclaration(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((declaration) => /lib\.(dom|webworker)[.\w]*\.d\.ts$/.test(declaration.getSourceFile().fileName));
}
