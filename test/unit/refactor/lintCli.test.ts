// `isoscope lint` run as users run it, on a project written to a temporary folder: findings as
// `file:line:col  message` lines and exit code 1, a clean file and exit code 0, --json, a
// tsconfig.json's program, folders walked without node_modules, and usage errors and crashes
// (exit code 2).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { root } from './fixtureProgram';

const cli = join(root, 'dist/cli.cjs');

function isoscope(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const files: Record<string, string> = {
  'src/app.ts': [
    "import { Isolate } from 'isoscope';",
    "import { readFileSync } from 'node:fs';",
    'const limit = 10;',
    'export function go(file: string) {',
    '  return Isolate.run(() => readFileSync(file).length * limit);',
    '}',
  ].join('\n'),
  'src/clean.cjs': [
    "const { compute } = require('isoscope');",
    "module.exports = (text) => compute((t) => require('node:zlib').gzipSync(t).length, text);",
  ].join('\n'),
  'scripts/tool.mjs': ["import { Isolate } from 'isoscope';", 'const n = 2;', 'await Isolate.run(() => n);'].join('\n'),
  'node_modules/dep/index.js': ["const { Isolate } = require('isoscope');", 'const x = 1;', 'Isolate.run(() => x);'].join('\n'),
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, allowJs: true, module: 'preserve', noEmit: true }, include: ['src'] }),
  'notes.txt': 'not code',
};

describe('isoscope lint', function () {
  this.timeout(240_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'isoscope-lint-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one line per finding at the captured name, exits 1, and walks folders without node_modules', () => {
    const result = isoscope(['lint', '.'], dir);
    assert.equal(result.status, 1, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.map((line) => line.slice(0, line.indexOf('  '))), ['scripts/tool.mjs:3:25', 'src/app.ts:5:28', 'src/app.ts:5:41', 'src/app.ts:5:56']);
    assert.match(lines[0]!, /^scripts\/tool\.mjs:3:25 {2}`n` is a module-level variable \(line 2\).*Pass it as an argument/);
    assert.match(lines[1]!, /`readFileSync` is imported from 'node:fs'.*`const \{ readFileSync \} = await import\('node:fs'\);`/);
    assert.match(lines[2]!, /`file` is a parameter of `go`/);
    assert.doesNotMatch(result.stdout, /node_modules/);
    // No TypeScript in this project: the copy that ships with isoscope.
    assert.match(result.stderr, /isoscope lint: 4 captures in 2 of 3 files \(TypeScript [\d.]+, bundled with isoscope; [\d.]+ s\)/);
  });

  it('piped into a reader that stops early (| head), ends quietly: no EPIPE stack', async () => {
    const child = spawn(process.execPath, [cli, 'lint', join(root, 'test/fixtures/refactor/check')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy()); // the reader goes after its first piece
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.doesNotMatch(stderr, /EPIPE|Unhandled|at /, stderr);
    assert.ok(code === 0 || code === 1, `exit ${code}`);
  });

  it('exits 0 and prints no finding for a clean file', () => {
    const result = isoscope(['lint', 'src/clean.cjs'], dir);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /0 captures in 0 of 1 files/);
  });

  it('lints the program of a tsconfig.json: its files only', () => {
    const result = isoscope(['lint', 'tsconfig.json'], dir);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^src\/app\.ts:5:28/);
    assert.doesNotMatch(result.stdout, /scripts/);
    assert.match(result.stderr, /in 1 of 2 files/);
  });

  it('--json prints one object: each finding with its place, kind, reason and quick fixes', () => {
    const result = isoscope(['lint', 'src', '--json'], dir);
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(report.filesChecked, 2);
    assert.equal(report.typescript.from, 'bundled');
    assert.deepEqual(report.findings.map((f: { name: string; kind: string; line: number; column: number }) => `${f.name} ${f.kind} ${f.line}:${f.column}`), ['readFileSync import 5:28', 'file parameter 5:41', 'limit module 5:56']);
    const [imported, , limit] = report.findings;
    assert.deepEqual(imported.import, { specifier: 'node:fs', style: 'named', imported: 'readFileSync' });
    assert.equal(imported.fixes[0].title, 'Import `readFileSync` inside the isolate');
    assert.equal(limit.fixes[0].title, 'Pass `limit` as an argument');
    assert.equal(limit.cloneable, true);
    assert.deepEqual(limit.declaredAt, { file: 'src/app.ts', line: 3 });
    // The edits, applied, give the fixed source.
    const source = readFileSync(join(dir, 'src/app.ts'), 'utf8');
    let fixed = source;
    for (const edit of [...limit.fixes[0].edits].sort((a: { start: number }, b: { start: number }) => b.start - a.start)) fixed = fixed.slice(0, edit.start) + edit.newText + fixed.slice(edit.end);
    assert.match(fixed, /Isolate\.run\(\(limit\) => readFileSync\(file\)\.length \* limit, \{ args: \[limit\] \}\)/);
  });

  it('uses the TypeScript of the project it lints when it has one', () => {
    const result = isoscope(['lint', 'test/fixtures/refactor/check/clean.ts'], root);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /TypeScript [\d.]+, the project's/);
  });

  it('exits 2 on usage errors: an unknown option, a missing path, a tsconfig with other paths, a file that is not code', () => {
    for (const [args, message] of [
      [['lint', '--fix'], /Unknown option '--fix'/],
      [['lint', 'missing.ts'], /no such file or folder/],
      [['lint', 'tsconfig.json', 'src'], /files and folders, or one tsconfig\.json/],
      [['lint', 'notes.txt'], /is not a JavaScript or TypeScript file/],
    ] as const) {
      const result = isoscope([...args], dir);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    }
  });

  it('exits 2 with one line, not 1 as for findings, when the check crashes (here on a broken TypeScript in the project)', () => {
    const broken = join(dir, 'broken');
    mkdirSync(join(broken, 'node_modules/typescript'), { recursive: true });
    writeFileSync(join(broken, 'package.json'), JSON.stringify({ name: 'broken', version: '1.0.0' }));
    writeFileSync(join(broken, 'node_modules/typescript/package.json'), JSON.stringify({ name: 'typescript', version: '5.0.0', main: 'index.js' }));
    writeFileSync(join(broken, 'node_modules/typescript/index.js'), "module.exports = { version: '5.0.0' };\n");
    writeFileSync(join(broken, 'a.ts'), files['src/app.ts']!);
    const result = isoscope(['lint', 'a.ts'], broken);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^isoscope: the check crashed: TypeError: [^\n]+\n$/);
  });

  it('the other commands load neither the check nor a compiler', () => {
    const main = readFileSync(cli, 'utf8');
    assert.doesNotMatch(main, /checkCaptures|typescript\.cjs/);
    assert.match(main, /lint\.cjs/);
    const help = isoscope(['--help'], dir);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /isoscope lint \[files or folders \| tsconfig\.json\] \[--json\]/);
  });
});
