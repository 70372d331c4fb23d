// What a captured name's declaration is: a local or parameter of which outer function, a
// module-level variable, a function, a class…; whether it is ambient (a global some declaration
// file promises); and whether it can be reassigned.
import type * as ts from 'typescript';
import type { Capture, CaptureKind, TS } from './captureTypes';
import { importBindingOf } from './importBindings';

/** What a declaration makes its name: its kind, owner, module if an import, and where it is. */
export function describeDeclaration(ts: TS, declaration: ts.Node): Pick<Capture, 'kind' | 'owner' | 'import' | 'declaration'> {
  const file = declaration.getSourceFile();
  const nameNode = (declaration as ts.NamedDeclaration).name ?? declaration;
  const binding = importBindingOf(ts, declaration);
  const described = binding ? { kind: 'import' as const } : declarationKind(ts, declaration);
  return {
    kind: described.kind,
    ...('owner' in described && described.owner ? { owner: described.owner } : {}),
    ...(binding ? { import: binding } : {}),
    declaration: { fileName: file.fileName, start: nameNode.getStart(), end: nameNode.end, line: file.getLineAndCharacterOfPosition(nameNode.getStart()).line + 1 },
  };
}

/** The kind of a declaration that is not an import, and for locals and parameters their function's name. */
export function declarationKind(ts: TS, declaration: ts.Node): { kind: CaptureKind; owner?: string } {
  if (isAmbient(ts, declaration)) return { kind: 'global' };
  const root = bindingRoot(ts, declaration);
  if (ts.isParameter(root)) return { kind: 'parameter', ...ownerOf(ts, root.parent) };
  if (ts.isVariableDeclaration(root)) {
    const scope = scopeOf(ts, root);
    return ts.isSourceFile(scope) ? { kind: 'module' } : { kind: 'local', ...ownerOf(ts, scope) };
  }
  if (ts.isFunctionDeclaration(root) || ts.isFunctionExpression(root)) return { kind: 'function' };
  if (ts.isClassLike(root)) return { kind: 'class' };
  if (ts.isEnumDeclaration(root)) return { kind: 'enum' };
  if (ts.isModuleDeclaration(root)) return { kind: 'namespace' };
  return { kind: 'module' };
}

/** A binding element's declaration or parameter (`const { a } = …`: the `const` one). */
function bindingRoot(ts: TS, declaration: ts.Node): ts.Node {
  let node = declaration;
  while (ts.isBindingElement(node)) node = node.parent.parent;
  return node;
}

/** The function (or the file) whose scope holds a variable. */
function scopeOf(ts: TS, declaration: ts.Node): ts.Node {
  let node = declaration.parent;
  while (!ts.isSourceFile(node) && !ts.isFunctionLike(node) && !ts.isClassStaticBlockDeclaration(node)) node = node.parent;
  return node;
}

function ownerOf(ts: TS, fn: ts.Node): { owner?: string } {
  const name = (fn as ts.NamedDeclaration).name;
  if (name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name))) return { owner: name.text };
  if (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return { owner: fn.parent.name.text };
  if (ts.isPropertyAssignment(fn.parent) && ts.isIdentifier(fn.parent.name)) return { owner: fn.parent.name.text };
  return {};
}

/** The subtree every write to a mutable variable lies in: a parameter's function, a local's
 * function (or static block), else the file. */
export function writeScopeOf(ts: TS, declaration: ts.Node): ts.Node {
  const root = bindingRoot(ts, declaration);
  return ts.isParameter(root) ? root.parent : scopeOf(ts, root);
}

/** A declaration that only promises a value exists: in a declaration file, or `declare`d. */
export function isAmbient(ts: TS, declaration: ts.Node): boolean {
  if (declaration.getSourceFile().isDeclarationFile) return true;
  for (let node: ts.Node | undefined = declaration; node; node = node.parent) {
    if (ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword)) return true;
  }
  return false;
}

/** Whether the variable can be written after its declaration: `let`, `var`, a parameter, a catch variable. */
export function isMutable(ts: TS, declaration: ts.Node): boolean {
  const root = bindingRoot(ts, declaration);
  if (ts.isParameter(root)) return true;
  if (!ts.isVariableDeclaration(root)) return false;
  if (!ts.isVariableDeclarationList(root.parent)) return true; // catch (e)
  // Using is TypeScript 5.2's: an older project's module has no such flag.
  return (root.parent.flags & (ts.NodeFlags.Const | (ts.NodeFlags.Using ?? 0))) === 0;
}
