// "Run in isolate" keeps what a program prints: every runnable fixture (`//! runs`) and its
// expected output run for real with node, CommonJS and ES modules, TypeScript compiled to the
// module style its compiler options give it, in a temporary folder where 'isoscope' is this
// repository's built runtime (dist/, from `node esbuild.mjs`). Both print the same, and print
// something.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ts from 'typescript';
import { moduleStyleOf } from '../../../src/refactor/captureFixes';
import { root } from './fixtureProgram';
import { readRewriteFixture, rewriteFixtureFiles, rewriteFixtures } from './rewriteFixture';

/** `text` of `file` as node runs it: TypeScript compiled to the module style its compiler options
 * (the fixture's own, if it has them) give it; the file name to write. */
function runnable(file: string, text: string, options: ts.CompilerOptions): { name: string; text: string } {
  const name = basename(file);
  if (!/\.[cm]?tsx?$/.test(name)) return { name, text };
  const style = moduleStyleOf(ts, ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true), options);
  const compiled = ts.transpileModule(text, { fileName: name, compilerOptions: { target: ts.ScriptTarget.ES2022, module: style === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS, esModuleInterop: true } });
  return { name: name.replace(/\.[cm]?tsx?$/, style === 'esm' ? '.mjs' : '.cjs'), text: compiled.outputText };
}

function run(dir: string, name: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [name], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('refactor: Run in isolate keeps what runnable fixtures print', function () {
  this.timeout(300_000);
  const fixtures = rewriteFixtureFiles().map(readRewriteFixture).filter((fixture) => fixture.runs);
  let dir: string;

  before(() => {
    assert.ok(existsSync(join(root, 'dist/index.cjs')), 'the runtime is built (node esbuild.mjs)');
    dir = mkdtempSync(join(tmpdir(), 'isoscope-rewrite-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules/isoscope'), 'dir');
    for (const side of ['before', 'after']) cpSync(join(rewriteFixtures, 'lib'), join(dir, side, 'lib'), { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has at least 25 runnable fixtures, every one with an expected output', () => {
    assert.ok(fixtures.length >= 25, `${fixtures.length} runnable`);
    for (const fixture of fixtures) assert.ok(fixture.expectedFile, basename(fixture.file));
  });

  for (const fixture of fixtures) {
    it(basename(fixture.file), () => {
      const before = runnable(fixture.file, fixture.text, fixture.options);
      const afterText = readFileSync(fixture.expectedFile!, 'utf8');
      assert.match(afterText, /\.run\(/);
      const after = runnable(fixture.file, afterText, fixture.options);
      writeFileSync(join(dir, 'before', before.name), before.text);
      writeFileSync(join(dir, 'after', after.name), after.text);
      const was = run(join(dir, 'before'), before.name);
      const is = run(join(dir, 'after'), after.name);
      assert.equal(was.status, 0, was.stderr);
      assert.equal(is.status, 0, is.stderr);
      assert.notEqual(was.stdout.trim(), '', 'the fixture prints something');
      assert.equal(is.stdout, was.stdout);
    });
  }
});
