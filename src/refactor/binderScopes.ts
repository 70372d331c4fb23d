// The symbol a name is read as, found in the binder's scope tables (the `locals` of a function,
// a block, a module) instead of asked of the checker: getSymbolAtLocation walks the same scopes
// for every name with far more machinery, and the capture check asks about every name of every
// function it ships. Answers only where the tables settle it as the checker does (the first
// scope out from the name that declares a value of that name, a module's own declarations and
// imports, and past them the program's globals); anything else (a scope whose entry is not a
// value, a parameter's default, a decorator, an enum, a namespace, a named function or class
// expression, an export, JavaScript's expando assignments) is left to the checker.
import type * as ts from 'typescript';
import type { TS } from './captureTypes';

/** A node with the binder's table of the names its scope declares (not in the public declarations). */
interface Scope {
  locals?: ReadonlyMap<string, ts.Symbol>;
}

/** The symbol the checker resolves the value `id` reads to, when the scope tables settle it;
 * undefined when only the checker can tell (ask it then). */
export function scopeSymbolOf(ts: TS, checker: ts.TypeChecker, id: ts.Identifier): ts.Symbol | undefined {
  if (!readsPlainly(ts, id)) return undefined;
  const name = id.escapedText as string;
  let last: ts.Node = id;
  let node = id.parent;
  for (; !ts.isSourceFile(node); last = node, node = node.parent) {
    const symbol = (node as Scope).locals?.get(name);
    if (symbol) return symbol.flags & ts.SymbolFlags.Value && (!ts.isFunctionLike(node) || last === (node as ts.FunctionLikeDeclaration).body) ? symbol : undefined;
    if (resolvesOtherwise(ts, node, name)) return undefined;
  }
  return moduleSymbol(ts, checker, node, name);
}

/** A module's own declaration or import of `name`, else the program's global of that name (a
 * script's names are the program's globals, merged across its files, an exported declaration
 * is found through the module's exports, and JavaScript resolves `exports` and `require` its
 * own way: the checker's to resolve). */
function moduleSymbol(ts: TS, checker: ts.TypeChecker, file: ts.SourceFile, name: string): ts.Symbol | undefined {
  if (!ts.isExternalModule(file)) return undefined;
  const symbol = (file as Scope).locals?.get(name);
  // Not declared in the module: what the checker looks up last, with no scope to walk.
  // resolveName came late to the public checker: an older tsserver's may not have it.
  if (!symbol) return file.flags & ts.NodeFlags.JavaScriptFile ? undefined : checker.resolveName?.(ts.unescapeLeadingUnderscores(name as ts.__String), undefined, ts.SymbolFlags.Value, false);
  if (!(symbol.flags & ts.SymbolFlags.Alias)) return symbol.flags & ts.SymbolFlags.Value ? symbol : undefined;
  // An import stands for a value when what it imports is one (else the checker looks further out).
  const declaration = symbol.declarations?.[0];
  const imported = declaration && (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration));
  return imported && symbol.flags === ts.SymbolFlags.Alias && checker.getAliasedSymbol(symbol).flags & ts.SymbolFlags.Value ? symbol : undefined;
}

/** A name read as a plain value: not `arguments` (the checker's own symbol), not a JSX tag or a
 * class's `extends` (resolved with other meanings), not the object of a JavaScript property
 * assignment (which may declare an expando). */
function readsPlainly(ts: TS, id: ts.Identifier): boolean {
  if (id.escapedText === 'arguments') return false;
  const parent = id.parent;
  if (ts.isExpressionWithTypeArguments(parent) || ts.isJsxOpeningElement(parent) || ts.isJsxSelfClosingElement(parent) || ts.isJsxClosingElement(parent)) return false;
  return !(id.flags & ts.NodeFlags.JavaScriptFile && ts.isPropertyAccessExpression(parent) && ts.isBinaryExpression(parent.parent));
}

/** A node on the way out where the checker resolves beyond the tables: a decorator (read from
 * outside what it decorates), an enum or a namespace (their members and exports are in scope),
 * a function or class expression's own name. */
function resolvesOtherwise(ts: TS, node: ts.Node, name: string): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.Decorator:
    case ts.SyntaxKind.EnumDeclaration:
    case ts.SyntaxKind.ModuleDeclaration:
      return true;
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ClassExpression:
      return (node as ts.FunctionExpression | ts.ClassExpression).name?.escapedText === name;
    default:
      return false;
  }
}
