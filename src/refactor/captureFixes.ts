// The quick fixes of a capture finding, as text edits on the file: "Pass `x` as an argument" (a
// parameter of the function and an element of `args`, Isolate.run and a pool's run) and "Import
// `y` inside the isolate" (`require` in CommonJS, `await import()` in ES modules, at the top of
// the function's body). The editor applies them as they are; `isoscope lint --json` lists them.
import type * as ts from 'typescript';
import type { Capture, ImportBinding, TS } from './captureTypes';
import type { IsolateEntry } from './isolateCalls';
import { passesArgs } from './captureMessages';
import { skipOuter } from './importBindings';
import { lineEnd } from './isolateText';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface CaptureFix {
  kind: 'passArgument' | 'importInside';
  title: string;
  edits: TextEdit[];
}

export type ModuleStyle = 'esm' | 'cjs';

/** How the file loads modules when it runs: .mjs and .mts are ES modules, .cjs and .cts CommonJS;
 * a TypeScript file is what its compiler options emit (`module`: CommonJS, an ES module, or with
 * node16/nodenext what its package.json's "type" makes it), whatever its syntax, since its
 * `import` statements become `require` calls in CommonJS; otherwise (a JavaScript file, a
 * `module` that keeps the syntax, no options known) the package's "type" as the program read it,
 * else import/export statements make an ES module. */
export function moduleStyleOf(ts: TS, file: ts.SourceFile, options?: ts.CompilerOptions): ModuleStyle {
  if (/\.m[jt]s$/.test(file.fileName)) return 'esm';
  if (/\.c[jt]s$/.test(file.fileName)) return 'cjs';
  const emitted = options && /\.tsx?$/.test(file.fileName) ? emittedStyle(ts, file, options) : undefined;
  if (emitted) return emitted;
  if (file.impliedNodeFormat === ts.ModuleKind.ESNext) return 'esm';
  const esm = file.statements.some((statement) =>
    ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) || (ts.isExportAssignment(statement) && !statement.isExportEquals) ||
    (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)));
  return esm ? 'esm' : 'cjs';
}

/** The module style TypeScript emits a .ts or .tsx file in under `options`; undefined when the
 * emit keeps the file's own syntax (preserve, none). */
function emittedStyle(ts: TS, file: ts.SourceFile, options: ts.CompilerOptions): ModuleStyle | undefined {
  const { ModuleKind, ScriptTarget } = ts;
  // TypeScript's default: ES2015 modules for an ES2015 target or later, CommonJS before.
  const kind = options.module ?? ((options.target ?? ScriptTarget.ES5) >= ScriptTarget.ES2015 ? ModuleKind.ES2015 : ModuleKind.CommonJS);
  if (kind === ModuleKind.CommonJS || kind === ModuleKind.AMD || kind === ModuleKind.UMD) return 'cjs';
  if (kind >= ModuleKind.ES2015 && kind <= ModuleKind.ESNext) return 'esm';
  if (kind >= ModuleKind.Node16 && kind <= ModuleKind.NodeNext) return file.impliedNodeFormat === ModuleKind.ESNext ? 'esm' : 'cjs';
  return undefined;
}

/** The statement that loads an import binding inside the isolate, and whether it needs `await`. */
export function importStatement(binding: ImportBinding, local: string, style: ModuleStyle): { text: string; awaits: boolean } {
  const specifier = `'${binding.specifier.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const pick = (exported: string): string => `{ ${exported === local ? local : `${exported}: ${local}`} }`;
  if (style === 'cjs' || binding.style === 'require') {
    const target = binding.imported !== undefined && (binding.style === 'named' || binding.style === 'require') ? pick(binding.imported) : local;
    return { text: `const ${target} = require(${specifier});`, awaits: false };
  }
  const target = binding.style === 'named' ? pick(binding.imported!) : binding.style === 'default' ? pick('default') : local;
  return { text: `const ${target} = await import(${specifier});`, awaits: true };
}

/** "Import `y` inside the isolate": the import's statement first in the function's body. */
export function importInsideFix(ts: TS, entry: IsolateEntry, capture: Capture, style: ModuleStyle): CaptureFix | undefined {
  const { fn } = entry;
  if (!capture.import || !fn.body) return undefined;
  const file = fn.getSourceFile();
  const { text, awaits } = importStatement(capture.import, capture.name, style);
  const base = indentationAt(file, fn.getStart());
  const edits: TextEdit[] = [];
  if (awaits && !fn.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) {
    if (fn.asteriskToken) return undefined; // a generator cannot become async here without changing what it is
    edits.push({ start: fn.getStart(), end: fn.getStart(), newText: 'async ' });
  }
  const eol = lineEnd(file.text); // the file's own line ends (\r\n in a CRLF file)
  if (ts.isBlock(fn.body)) {
    const first = fn.body.statements[0];
    const indent = first ? indentationAt(file, first.getStart()) : `${base}  `;
    edits.push({ start: fn.body.getStart() + 1, end: fn.body.getStart() + 1, newText: `${eol}${indent}${text}` });
  } else {
    const indent = `${base}  `;
    edits.push({ start: fn.body.getStart(), end: fn.body.end, newText: `{${eol}${indent}${text}${eol}${indent}return ${fn.body.getText()};${eol}${base}}` });
  }
  return { kind: 'importInside', title: `Import \`${capture.name}\` inside the isolate`, edits };
}

/** "Pass `x` as an argument": a new last parameter of the function and the same last element of
 * `args`, when the function's parameters and the call's `args` line up one to one. */
export function passArgumentFix(ts: TS, entry: IsolateEntry, name: string): CaptureFix | undefined {
  const { fn, call } = entry;
  if (!entry.inline || !passesArgs(entry.api) || !ts.isCallExpression(call)) return undefined;
  const params = fn.parameters;
  if (params.some((param) => param.dotDotDotToken)) return undefined;
  const argsEdit = argsEditFor(ts, call, name, params.length);
  if (!argsEdit) return undefined;
  const edits: TextEdit[] = [argsEdit];
  const open = fn.getChildren().find((child) => child.kind === ts.SyntaxKind.OpenParenToken);
  if (params.length > 0 && !open) edits.push({ start: params[0]!.getStart(), end: params[0]!.end, newText: `(${params[0]!.getText()}, ${name})` });
  else if (params.length > 0) edits.push({ start: params[params.length - 1]!.end, end: params[params.length - 1]!.end, newText: `, ${name}` });
  else if (open) edits.push({ start: open.end, end: open.end, newText: name });
  else return undefined;
  return { kind: 'passArgument', title: `Pass \`${name}\` as an argument`, edits };
}

/** The edit that adds `name` to the call's `args`, which must hold `count` elements now. */
function argsEditFor(ts: TS, call: ts.CallExpression, name: string, count: number): TextEdit | undefined {
  const options = call.arguments[1];
  if (!options) {
    if (count !== 0) return undefined;
    const fnEnd = call.arguments[0]!.end;
    return { start: fnEnd, end: fnEnd, newText: `, { args: [${name}] }` };
  }
  const literal = skipOuter(ts, options);
  if (!ts.isObjectLiteralExpression(literal)) return undefined;
  const args = literal.properties.find((property) => property.name?.getText() === 'args');
  if (!args) {
    if (count !== 0) return undefined;
    if (literal.properties.length === 0) return { start: literal.getStart(), end: literal.end, newText: `{ args: [${name}] }` };
    const first = literal.properties[0]!.getStart();
    return { start: first, end: first, newText: `args: [${name}], ` };
  }
  if (!ts.isPropertyAssignment(args)) return undefined;
  const array = skipOuter(ts, args.initializer);
  if (!ts.isArrayLiteralExpression(array) || array.elements.some((element) => ts.isSpreadElement(element)) || array.elements.length !== count) return undefined;
  const last = array.elements[array.elements.length - 1];
  return last ? { start: last.end, end: last.end, newText: `, ${name}` } : { start: array.getStart() + 1, end: array.getStart() + 1, newText: name };
}

function indentationAt(file: ts.SourceFile, position: number): string {
  const lineStart = file.text.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(file.text.slice(lineStart, position))![0];
}

/** `text` with `edits` applied (they must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}
