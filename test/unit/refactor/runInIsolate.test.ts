// runInIsolateOffers as the editor calls it, beyond the fixtures: a file outside any program
// (no checker: nothing typed, still moved), an ES module by its package's "type" alone, a .ts
// file CommonJS by its program's options (nodenext, a package without "type"), edits
// that start at one offset folded into one, helpers and values declared by another script of
// the program, a file's CRLF line ends, and selections that hold no expression.
import assert from 'node:assert/strict';
import ts from 'typescript';
import { RUN_IN_ISOLATE_KIND, RUN_IN_ISOLATE_TITLE, runInIsolateOffers, type IsolateOffer } from '../../../src/refactor/runInIsolate';
import { applyEdits } from '../../../src/refactor/captureFixes';
import { rewriteProgram, rewriteFixtures } from './rewriteFixture';
import { root } from './fixtureProgram';
import { join } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** The one enabled offer's output for the text between `[[` and `]]` in `marked`. */
function moved(fileName: string, marked: string, options: ts.CreateSourceFileOptions | ts.ScriptTarget = ts.ScriptTarget.Latest): { output: string; offers: IsolateOffer[] } {
  const start = marked.indexOf('[[');
  const text = marked.replace('[[', '').replace(']]', '');
  const file = ts.createSourceFile(fileName, text, options, true);
  const offers = runInIsolateOffers(ts, file, undefined, { start, end: marked.indexOf(']]') - 2 });
  const offer = offers.find((candidate) => 'edits' in candidate);
  return { output: offer && 'edits' in offer ? applyEdits(text, offer.edits) : '', offers };
}

describe('refactor: runInIsolateOffers', function () {
  this.timeout(60_000);

  it('moves without a checker: parameters untyped, imports and helpers as with one', () => {
    const { output, offers } = moved('a.ts', "import { join } from 'node:path';\nfunction twice(n: number) { return n * 2; }\nexport async function f(p: string, n: number) {\n  return [[join(p, String(twice(n)))]];\n}\n");
    assert.deepEqual(offers.map((offer) => [offer.title, offer.kind]), [[RUN_IN_ISOLATE_TITLE, RUN_IN_ISOLATE_KIND]]);
    assert.equal(output, "import { join } from 'node:path';\nimport { Isolate } from 'isoscope';\nfunction twice(n: number) { return n * 2; }\nexport async function f(p: string, n: number) {\n  return await Isolate.run(async (p, n) => {\n    const { join } = await import('node:path');\n    function twice(n: number) { return n * 2; }\n    return join(p, String(twice(n)));\n  }, { args: [p, n] });\n}\n");
  });

  it('folds the new import into the replacement when both start at one offset', () => {
    const marked = '[[work(2)]];\nfunction work(n) { return n + 1; }\n';
    const start = marked.indexOf('[[');
    const text = marked.replace('[[', '').replace(']]', '');
    const offers = runInIsolateOffers(ts, ts.createSourceFile('a.mjs', text, ts.ScriptTarget.Latest, true), undefined, { start, end: 7 });
    const edits = 'edits' in offers[0]! ? offers[0].edits : [];
    assert.equal(edits.length, 1);
    assert.equal(applyEdits(text, edits), "import { Isolate } from 'isoscope';\n\nawait Isolate.run(() => {\n  function work(n) { return n + 1; }\n  return work(2);\n});\nfunction work(n) { return n + 1; }\n");
  });

  it('takes a .js file its package makes an ES module as one: import, and await at the top level', () => {
    const source = 'const n = 3;\nexport const r = [[n * n]];\n'.replace('export ', '');
    const asScript = moved('a.js', source);
    assert.deepEqual(asScript.offers.map((offer) => 'disabledReason' in offer && offer.disabledReason), ['it is at the top level of a CommonJS module, where `await` is not allowed: move it into an async function first']);
    const asModule = moved('a.js', source, { languageVersion: ts.ScriptTarget.Latest, impliedNodeFormat: ts.ModuleKind.ESNext });
    assert.equal(asModule.output, "import { Isolate } from 'isoscope';\n\nconst n = 3;\nconst r = await Isolate.run((n) => n * n, { args: [n] });\n");
  });

  it('copies a helper another script of the program declares, and passes its value typed', () => {
    const shared = join(rewriteFixtures, 'generated-shared.ts');
    const user = join(rewriteFixtures, 'generated-user.ts');
    const marked = 'async function go(n: number) {\n  return [[step(n) * LIMIT]];\n}\n';
    const inputs = new Map([[shared, 'const LIMIT = 5;\nfunction step(n: number): number {\n  return n + LIMIT;\n}\n'], [user, marked.replace('[[', '').replace(']]', '')]]);
    const program = rewriteProgram([shared, user], inputs);
    const offers = runInIsolateOffers(ts, program.getSourceFile(user)!, program.getTypeChecker(), { start: marked.indexOf('[['), end: marked.indexOf(']]') - 2 });
    assert.equal(offers.length, 1);
    assert.equal(applyEdits(inputs.get(user)!, 'edits' in offers[0]! ? offers[0].edits : []), "import { Isolate } from 'isoscope';\n\nasync function go(n: number) {\n  return await Isolate.run((n: number, LIMIT: 5) => {\n    function step(n: number): number {\n      return n + LIMIT;\n    }\n    return step(n) * LIMIT;\n  }, { args: [n, LIMIT] });\n}\n");
  });

  it('takes a .ts file as what its program compiles it to: CommonJS under nodenext in a package without "type": "module"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'isoscope-nodenext-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'plain', version: '1.0.0' }));
      const file = join(dir, 'a.ts');
      const marked = "import { createHash } from 'node:crypto';\nexport async function digest(text: string) {\n  return [[createHash('sha1').update(text).digest('hex')]];\n}\nexport const top = createHash('sha1').digest('hex');\n";
      const text = marked.replace('[[', '').replace(']]', '');
      writeFileSync(file, text);
      const options: ts.CompilerOptions = { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(root, 'node_modules/@types')] };
      const program = ts.createProgram([file], options);
      const source = program.getSourceFile(file)!;
      assert.equal(source.impliedNodeFormat, ts.ModuleKind.CommonJS);
      const offers = runInIsolateOffers(ts, source, program.getTypeChecker(), { start: marked.indexOf('[['), end: marked.indexOf(']]') - 2 }, program.getCompilerOptions());
      assert.equal(applyEdits(text, 'edits' in offers[0]! ? offers[0].edits : []), text.replace("  return createHash('sha1').update(text).digest('hex');", "  return await Isolate.run((text: string) => {\n    const { createHash } = require('node:crypto');\n    return createHash('sha1').update(text).digest('hex');\n  }, { args: [text] });").replace("'node:crypto';\n", "'node:crypto';\nimport { Isolate } from 'isoscope';\n"));
      const top = text.indexOf("createHash('sha1').digest");
      const atTop = runInIsolateOffers(ts, source, program.getTypeChecker(), { start: top, end: text.lastIndexOf(';') }, program.getCompilerOptions());
      assert.deepEqual(atTop.map((offer) => 'disabledReason' in offer && offer.disabledReason), ['it is at the top level of a CommonJS module, where `await` is not allowed: move it into an async function first']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the CRLF line ends of a file in what it writes', () => {
    const { output } = moved('a.cjs', "const os = require('node:os');\r\nasync function f(n) {\r\n  return [[os.EOL.length +\r\n    n]];\r\n}\r\n");
    assert.equal(output, "const os = require('node:os');\r\nconst { Isolate } = require('isoscope');\r\nasync function f(n) {\r\n  return await Isolate.run((n) => {\r\n    const os = require('node:os');\r\n    return os.EOL.length +\r\n      n;\r\n  }, { args: [n] });\r\n}\r\n");
  });

  it('offers nothing for an empty or blank selection, or one that is not an expression', () => {
    const text = 'export async function f(a, b) {\n  return a + b;\n}\n';
    const file = ts.createSourceFile('a.mjs', text, ts.ScriptTarget.Latest, true);
    for (const range of [{ start: 0, end: 0 }, { start: text.indexOf('\n'), end: text.indexOf('\n') + 3 }, { start: text.indexOf('return'), end: text.indexOf('+') }, { start: 0, end: text.length }]) {
      assert.deepEqual(runInIsolateOffers(ts, file, undefined, range), [], JSON.stringify(range));
    }
    assert.equal(runInIsolateOffers(ts, file, undefined, { start: text.indexOf('a + b'), end: text.indexOf(';') }).length, 1);
  });
});
