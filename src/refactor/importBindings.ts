// Which module a binding comes from, read from its declaration alone: `import … from`, `import x =
// require(…)`, and CommonJS `const x = require(…)` with or without destructuring or a property.
// Used to classify captured imports and to recognise the runtime's API imported from 'isoscope'.
import type * as ts from 'typescript';
import type { ImportBinding, TS } from './captureTypes';

/** The import a declaration makes, or undefined when it is not one. */
export function importBindingOf(ts: TS, declaration: ts.Node): ImportBinding | undefined {
  if (ts.isImportSpecifier(declaration)) {
    const specifier = moduleText(ts, declaration.parent.parent.parent.moduleSpecifier);
    return specifier === undefined ? undefined : { specifier, style: 'named', imported: (declaration.propertyName ?? declaration.name).text };
  }
  if (ts.isImportClause(declaration)) {
    const specifier = moduleText(ts, declaration.parent.moduleSpecifier);
    return specifier === undefined ? undefined : { specifier, style: 'default' };
  }
  if (ts.isNamespaceImport(declaration)) {
    const specifier = moduleText(ts, declaration.parent.parent.moduleSpecifier);
    return specifier === undefined ? undefined : { specifier, style: 'namespace' };
  }
  if (ts.isImportEqualsDeclaration(declaration)) {
    const reference = declaration.moduleReference;
    if (!ts.isExternalModuleReference(reference)) return undefined;
    const specifier = moduleText(ts, reference.expression);
    return specifier === undefined ? undefined : { specifier, style: 'require' };
  }
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isIdentifier(declaration.name)) {
    const required = requiredModule(ts, declaration.initializer);
    return required && { specifier: required.specifier, style: 'require', ...(required.property ? { imported: required.property } : {}) };
  }
  if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent) && ts.isVariableDeclaration(declaration.parent.parent)) {
    const initializer = declaration.parent.parent.initializer;
    const required = initializer && requiredModule(ts, initializer);
    // `const { a: { b } } = require(…)` goes one level deep only: that is what a fix can repeat.
    if (!required || required.property || declaration.dotDotDotToken) return undefined;
    const property = declaration.propertyName ?? declaration.name;
    if (!ts.isIdentifier(property) && !ts.isStringLiteral(property)) return undefined;
    return { specifier: required.specifier, style: 'require', imported: property.text };
  }
  return undefined;
}

/** `require('m')` or `require('m').p`: the module, and the property read. */
export function requiredModule(ts: TS, expression: ts.Expression): { specifier: string; property?: string } | undefined {
  let node = skipOuter(ts, expression);
  let property: string | undefined;
  if (ts.isPropertyAccessExpression(node)) {
    property = node.name.text;
    node = skipOuter(ts, node.expression);
  }
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'require' || node.arguments.length !== 1) return undefined;
  const specifier = moduleText(ts, node.arguments[0]!);
  return specifier === undefined ? undefined : { specifier, ...(property ? { property } : {}) };
}

/** An expression without the parentheses, type assertions and `!` around it. */
export function skipOuter(ts: TS, expression: ts.Expression): ts.Expression {
  let node = expression;
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node)) node = node.expression;
  return node;
}

function moduleText(ts: TS, node: ts.Node): string | undefined {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined;
}
