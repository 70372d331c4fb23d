// Walks one function's subtree (never more) for what it uses as values: names read or written,
// `this`, `super`, `import.meta` and JSX. Types are skipped (an annotation that names an outer
// type, `typeof x` in a type, `implements`, interfaces): they vanish when the code compiles.
import type * as ts from 'typescript';
import type { TS } from './captureTypes';

export type ValueReference =
  | { kind: 'name'; node: ts.Identifier }
  /** `{ x }`: the shorthand property reads the variable x. */
  | { kind: 'shorthand'; node: ts.ShorthandPropertyAssignment }
  | { kind: 'this'; node: ts.Node }
  | { kind: 'super'; node: ts.Node }
  | { kind: 'importMeta'; node: ts.MetaProperty }
  | { kind: 'jsx'; node: ts.Node };

/** The value references below `root` (the root's own name excluded), in source order. */
export function valueReferences(ts: TS, root: ts.Node): ValueReference[] {
  const found: ValueReference[] = [];
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.Identifier:
        if (isReadOrWrite(ts, node as ts.Identifier)) found.push({ kind: 'name', node: node as ts.Identifier });
        return;
      case ts.SyntaxKind.ThisKeyword:
        found.push({ kind: 'this', node });
        return;
      case ts.SyntaxKind.SuperKeyword:
        found.push({ kind: 'super', node });
        return;
      case ts.SyntaxKind.MetaProperty:
        if ((node as ts.MetaProperty).keywordToken === ts.SyntaxKind.ImportKeyword) found.push({ kind: 'importMeta', node: node as ts.MetaProperty });
        return;
      case ts.SyntaxKind.ShorthandPropertyAssignment: {
        const shorthand = node as ts.ShorthandPropertyAssignment;
        found.push({ kind: 'shorthand', node: shorthand });
        if (shorthand.objectAssignmentInitializer) visit(shorthand.objectAssignmentInitializer);
        return;
      }
      case ts.SyntaxKind.JsxElement:
      case ts.SyntaxKind.JsxSelfClosingElement:
      case ts.SyntaxKind.JsxFragment:
        if (!ts.isJsxElement(node.parent) && !ts.isJsxFragment(node.parent)) found.push({ kind: 'jsx', node });
        break;
      case ts.SyntaxKind.InterfaceDeclaration:
      case ts.SyntaxKind.TypeAliasDeclaration:
        return;
      case ts.SyntaxKind.HeritageClause:
        // `extends Base` of a class is a value; `implements` and an interface's extends are types.
        if ((node as ts.HeritageClause).token === ts.SyntaxKind.ImplementsKeyword) return;
        for (const type of (node as ts.HeritageClause).types) visit(type.expression);
        return;
      case ts.SyntaxKind.ExpressionWithTypeArguments:
        // An instantiation expression (`make<string>`) outside a heritage clause is a value.
        visit((node as ts.ExpressionWithTypeArguments).expression);
        return;
    }
    if (ts.isTypeNode(node)) return;
    ts.forEachChild(node, visit);
  };
  // A root that is itself JSX (an expression the refactor would move) is a use of the factory.
  if (ts.isJsxElement(root) || ts.isJsxSelfClosingElement(root) || ts.isJsxFragment(root)) found.push({ kind: 'jsx', node: root });
  ts.forEachChild(root, visit);
  return found;
}

/** Whether an identifier names a variable (read or written), rather than declaring one, naming a
 * property, a label or an intrinsic JSX element. */
function isReadOrWrite(ts: TS, id: ts.Identifier): boolean {
  const parent = id.parent;
  switch (parent.kind) {
    case ts.SyntaxKind.PropertyAccessExpression:
      return (parent as ts.PropertyAccessExpression).expression === id;
    case ts.SyntaxKind.QualifiedName:
      return false;
    case ts.SyntaxKind.PropertyAssignment:
    case ts.SyntaxKind.PropertyDeclaration:
    case ts.SyntaxKind.PropertySignature:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.MethodSignature:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
    case ts.SyntaxKind.EnumMember:
    case ts.SyntaxKind.VariableDeclaration:
    case ts.SyntaxKind.Parameter:
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ClassDeclaration:
    case ts.SyntaxKind.ClassExpression:
    case ts.SyntaxKind.EnumDeclaration:
    case ts.SyntaxKind.ModuleDeclaration:
    case ts.SyntaxKind.TypeParameter:
    case ts.SyntaxKind.ImportClause:
    case ts.SyntaxKind.ImportSpecifier:
    case ts.SyntaxKind.NamespaceImport:
    case ts.SyntaxKind.ImportEqualsDeclaration:
    case ts.SyntaxKind.ExportSpecifier:
      return (parent as ts.NamedDeclaration).name !== id && (parent as { propertyName?: ts.Node }).propertyName !== id;
    case ts.SyntaxKind.BindingElement:
      // `{ a: b = c }`: a names a property, b is declared; only the initializer reads.
      return (parent as ts.BindingElement).initializer === id;
    case ts.SyntaxKind.LabeledStatement:
    case ts.SyntaxKind.BreakStatement:
    case ts.SyntaxKind.ContinueStatement:
      return false;
    case ts.SyntaxKind.JsxAttribute:
    case ts.SyntaxKind.JsxNamespacedName:
      return false;
    case ts.SyntaxKind.JsxOpeningElement:
    case ts.SyntaxKind.JsxSelfClosingElement:
      // <div> is an intrinsic element (a string); <Panel> reads the variable Panel.
      return !/^[a-z]/.test(id.text) && !id.text.includes('-');
    case ts.SyntaxKind.JsxClosingElement:
      return false;
    case ts.SyntaxKind.MetaProperty:
      return false;
    default:
      return true;
  }
}
