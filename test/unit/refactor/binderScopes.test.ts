// The shortcuts the capture check takes around the checker agree with it: the symbol the binder's
// scope tables give a name (scopeSymbolOf) is the checker's own for every name read in the
// refactor fixtures, the repository's sources and a file of the scoping rules where a naive
// lookup goes wrong; and the walks that skip subtrees by their text (an isolate call's words, a
// written name) still find a call and a write spelled with a `\u` escape.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { scopeSymbolOf } from '../../../src/refactor/binderScopes';
import { valueReferences } from '../../../src/refactor/valueReferences';
import { checkCaptures } from '../../../src/refactor/captureCheck';
import { singleFileChecker } from '../../../src/refactor/singleFileProgram';
import { checkFixtures, fixtureFiles, fixtureOptions, root } from './fixtureProgram';

/** Where a naive walk of the scope tables would answer differently from the checker. */
const TRICKY = `
import { readFileSync as read } from 'node:fs';
import type { Stats } from 'node:fs';
export const exported = 1;
const moduleLevel = 2;
let Stats2: Stats | undefined;
function defaults(a = later, b = a) { var later = 3; return [a, b, later]; }
const named = function self(n: number): number { return n > 0 ? self(n - 1) : moduleLevel; };
const Klass = class Inner { make() { return new Inner(); } };
enum Color { Red = 1, Blue = Red + exported }
namespace Space { export const inSpace = 1; }
namespace Space { export const again = inSpace + moduleLevel; }
function args() { return (() => arguments.length)(); }
function shadows(read: number) { { const moduleLevel = read; return moduleLevel + exported; } }
function hoisted() { use(); function use() { return typeof hoistedVar; } var hoistedVar = read; }
const objects = { moduleLevel, short: Stats2, named };
label: for (const item of [moduleLevel]) { if (item) break label; }
export default [defaults, named, Klass, Color, Space, args, shadows, hoisted, objects];
`;

/** Every name read in `file`: where the tables settle its symbol (a function's own or a module's),
 * whether that is the checker's, and the names they leave to the checker. */
function compare(checker: ts.TypeChecker, file: ts.SourceFile): { mismatches: string[]; local: number; module: number; deferred: string[] } {
  const result = { mismatches: [] as string[], local: 0, module: 0, deferred: [] as string[] };
  for (const reference of valueReferences(ts, file)) {
    if (reference.kind !== 'name' && reference.kind !== 'shorthand') continue;
    const id = reference.kind === 'shorthand' ? reference.node.name : reference.node;
    const fast = scopeSymbolOf(ts, checker, id);
    if (!fast) {
      result.deferred.push(id.text);
      continue;
    }
    const declaredAt = fast.declarations?.[0];
    if (declaredAt && ts.isSourceFile(scopeOfDeclaration(declaredAt))) result.module++;
    else result.local++;
    const checked = reference.kind === 'shorthand' ? checker.getShorthandAssignmentValueSymbol(reference.node) : checker.getSymbolAtLocation(id);
    if (checked !== fast) {
      const { line, character } = file.getLineAndCharacterOfPosition(id.getStart());
      result.mismatches.push(`${file.fileName}:${line + 1}:${character + 1} ${id.text}`);
    }
  }
  return result;
}

function scopeOfDeclaration(node: ts.Node): ts.Node {
  let current = node.parent;
  while (!ts.isSourceFile(current) && !ts.isFunctionLike(current) && !ts.isBlock(current)) current = current.parent;
  return current;
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('refactor: the scope tables agree with the checker', function () {
  this.timeout(60_000);

  it('on every name read in the fixtures and in the repository\'s sources', () => {
    const files = [...fixtureFiles(), ...fixtureFiles(join(checkFixtures, '../rewrite')), ...sourcesUnder(join(root, 'src'))];
    const program = ts.createProgram(files, fixtureOptions);
    const totals = { local: 0, module: 0 };
    const mismatches: string[] = [];
    for (const fileName of files) {
      const file = program.getSourceFile(fileName);
      assert.ok(file, fileName);
      const result = compare(program.getTypeChecker(), file);
      mismatches.push(...result.mismatches);
      totals.local += result.local;
      totals.module += result.module;
    }
    assert.deepEqual(mismatches, []);
    // The shortcut is taken, both for a function's own names and for a module's.
    assert.ok(totals.local > 1000 && totals.module > 1000, JSON.stringify(totals));
  });

  it('where a naive lookup of the tables would not', () => {
    const { sourceFile, checker } = singleFileChecker(ts, 'tricky.ts', TRICKY);
    const { mismatches, local, module, deferred } = compare(checker, sourceFile);
    assert.deepEqual(mismatches, []);
    assert.ok(local >= 5 && module >= 5, `settled ${local} local, ${module} of the module`);
    // The ones only the checker can tell are left to it.
    for (const name of ['later', 'self', 'Inner', 'Red', 'inSpace', 'arguments', 'exported']) assert.ok(deferred.includes(name), `${name} deferred: ${deferred.join(' ')}`);
  });
});

describe('refactor: the walks that skip subtrees by their text', () => {
  it('find an isolate call and a write spelled with a \\u escape', () => {
    const source = [
      "import { Isolate } from 'isoscope';",
      'let count = 0;',
      'export async function f(): Promise<number> {',
      '  const n = await Isolate.r\\u0075n(() => count);',
      '  c\\u006funt += 1;',
      '  return n;',
      '}',
      '',
    ].join('\n');
    const { sourceFile, checker } = singleFileChecker(ts, 'escaped.ts', source);
    const findings = checkCaptures(ts, sourceFile, checker);
    assert.deepEqual(findings.map((finding) => [finding.capture.name, finding.capture.kind, finding.capture.assignedAfter?.line]), [['count', 'module', 5]]);
  });
});
