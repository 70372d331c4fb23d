// The "Run in isolate" fixtures (test/fixtures/refactor/rewrite): each input with its selection
// marked and its expected offers written as `//!` lines, its expected output beside it in
// expected/ (see test/fixtures/refactor/README.md). The inputs are read with their selection
// markers taken out, so offsets are those of the code the user has.
import ts from 'typescript';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Span } from '../../../src/refactor/captureTypes';
import type { TextEdit } from '../../../src/refactor/captureFixes';
import { fixtureFiles, fixtureOptions, root } from './fixtureProgram';

export const rewriteFixtures = join(root, 'test/fixtures/refactor/rewrite');

/** What a fixture's `//!` lines promise. */
export type Expectation = { kind: 'offer'; title: string } | { kind: 'disabled'; title: string; reason: string };

export interface RewriteFixture {
  file: string;
  /** The input without its selection markers. */
  text: string;
  selection: Span;
  expectations: Expectation[];
  /** It runs with node and prints the same before and after. */
  runs: boolean;
  /** `//! none`: nothing is offered. */
  none: boolean;
  /** The expected output's path (expected/<name>), when one is offered. */
  expectedFile: string | undefined;
  /** `//! compilerOptions {…}`: what the fixture's program is compiled with (over fixtureOptions),
   * as a tsconfig.json's compilerOptions write it; the JSON text ('' for none) groups the
   * fixtures that share a program. */
  options: ts.CompilerOptions;
  optionsKey: string;
}

const MARKERS = /\/\*\[\*\/|\/\*\]\*\/|\/\*\|\*\//g;

/** Reads one fixture. */
export function readRewriteFixture(file: string): RewriteFixture {
  const marked = readFileSync(file, 'utf8');
  const text = marked.replace(MARKERS, '');
  const selection = selectionOf(marked);
  if (!selection) throw new Error(`${file}: no selection marker (/*[*/…/*]*/ or /*|*/)`);
  const expectations: Expectation[] = [];
  let runs = false;
  let none = false;
  let optionsKey = '';
  for (const match of text.matchAll(/^\s*\/\/! (offer|disabled|runs|none|compilerOptions)(?: (.*))?$/gm)) {
    if (match[1] === 'runs') runs = true;
    else if (match[1] === 'compilerOptions') optionsKey = match[2]!;
    else if (match[1] === 'none') none = true;
    else if (match[1] === 'offer') expectations.push({ kind: 'offer', title: match[2]! });
    else {
      const [, title, reason] = /^(.*?): (.*)$/.exec(match[2]!)!;
      expectations.push({ kind: 'disabled', title: title!, reason: reason! });
    }
  }
  const expectedFile = join(rewriteFixtures, 'expected', file.slice(rewriteFixtures.length + 1));
  return { file, text, selection, expectations, runs, none, expectedFile: existsSync(expectedFile) ? expectedFile : undefined, options: optionsOf(file, optionsKey), optionsKey };
}

/** fixtureOptions with a fixture's own compiler options (tsconfig.json's names and values) over them. */
function optionsOf(file: string, json: string): ts.CompilerOptions {
  if (json === '') return fixtureOptions;
  const { options, errors } = ts.convertCompilerOptionsFromJson(JSON.parse(json), rewriteFixtures);
  if (errors.length > 0) throw new Error(`${file}: //! compilerOptions: ${errors.map((error) => ts.flattenDiagnosticMessageText(error.messageText, ' ')).join('; ')}`);
  return { ...fixtureOptions, ...options };
}

/** The selection in the text without markers: between `/*[*\/` and `/*]*\/`, or at `/*|*\/`. */
function selectionOf(marked: string): Span | undefined {
  const cursor = marked.indexOf('/*|*/');
  if (cursor >= 0) return { start: cursor, end: cursor };
  const open = marked.indexOf('/*[*/');
  const close = marked.indexOf('/*]*/');
  if (open < 0 || close < open) return undefined;
  return { start: open, end: close - 5 };
}

/** Every fixture input (the expected outputs and lib/ are not inputs). */
export function rewriteFixtureFiles(): string[] {
  return fixtureFiles(rewriteFixtures);
}

/** One program over `files`, each fixture input read without its markers. */
export function rewriteProgram(files: string[], inputs: ReadonlyMap<string, string> = new Map(), options: ts.CompilerOptions = fixtureOptions): ts.Program {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, onError, create) => {
    const text = inputs.get(name);
    return text === undefined ? getSourceFile(name, language, onError, create) : ts.createSourceFile(name, text, language, true);
  };
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => inputs.get(name) ?? readFile(name);
  return ts.createProgram(files, options, host);
}

/** Where the edit that wrote the isolate call lands in the output. */
export function writtenSpan(edits: readonly TextEdit[]): { start: number; end: number } {
  const call = edits.find((edit) => /\.run\(/.test(edit.newText))!;
  const shift = edits.filter((edit) => edit.start < call.start).reduce((sum, edit) => sum + edit.newText.length - (edit.end - edit.start), 0);
  const lead = call.newText.length - call.newText.trimStart().length;
  return { start: call.start + shift + lead, end: call.start + shift + call.newText.length };
}

/** The spans of the expressions inside `span`, and of those around it up to its statement. */
export function expressionsIn(file: ts.SourceFile, span: { start: number; end: number }): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (node.end < span.start || node.pos > span.end) return;
    if (ts.isExpression(node) && (node.getStart(file) >= span.start && node.end <= span.end || node.getStart(file) <= span.start && node.end >= span.end && !ts.isFunctionLike(node))) found.push({ start: node.getStart(file), end: node.end });
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
