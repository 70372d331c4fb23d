// The TypeScript server plugin in a real tsserver (TypeScript's own, loading the plugin as VS
// Code loads a contributed one): the capture warnings come with a file's semantic diagnostics,
// and with a long file's region diagnostics for the region checked, in every language tsserver
// serves (the warnings where the refactor fixtures' markers say, one fixture per extension);
// the code actions request answers the quick fixes of the findings a range touches, and the
// "Run in isolate" refactor's offers for a selection (the fixtures' exact output, or disabled
// with the reason), each of the kinds asked for only.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { pluginProbe, startTsserver, type TsMessage, type Tsserver } from './tsserverClient.js';
import { expectedVerdicts } from '../refactor/fixtureProgram.js';
import { readRewriteFixture } from '../refactor/rewriteFixture.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const fixture = (name: string): string => readFileSync(join(root, 'test/vscode/fixtures/captures', name), 'utf8');

interface LineOffset {
  line: number;
  offset: number;
}

/** The 1-based line and offset of a character of `text`. */
function lineOffsetAt(text: string, at: number): LineOffset {
  const before = text.slice(0, at).split('\n');
  return { line: before.length, offset: before[before.length - 1]!.length + 1 };
}

/** `text` with tsserver-style edits applied (from the last, so earlier positions hold). */
function applied(text: string, edits: { start: LineOffset; end: LineOffset; newText: string }[]): string {
  const lines = text.split('\n');
  const offsetOf = (at: LineOffset): number => lines.slice(0, at.line - 1).reduce((sum, line) => sum + line.length + 1, 0) + at.offset - 1;
  return [...edits].sort((a, b) => offsetOf(b.start) - offsetOf(a.start)).reduce((out, edit) => out.slice(0, offsetOf(edit.start)) + edit.newText + out.slice(offsetOf(edit.end)), text);
}

interface Diagnostic {
  start: { line: number; offset: number };
  end: { line: number; offset: number };
  text: string;
  category: string;
  source?: string;
}

const ours = (event: TsMessage): string[] =>
  (event.body.diagnostics as Diagnostic[]).filter((d) => d.source === 'isoscope').map((d) => `${d.category} ${d.start.line}:${d.start.offset}-${d.end.offset} ${d.text.split(',')[0]}`);

describe('the tsserver plugin in tsserver', function () {
  this.timeout(60_000);
  let dir: string;
  let probe: ReturnType<typeof pluginProbe>;
  let server: Tsserver;

  /** Opens `text` as `name` in the temporary folder (no tsconfig: an inferred project, as VS Code has for a loose file). */
  const open = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    server.notify('open', { file, fileContent: text });
    return file;
  };
  const semanticDiagnostics = async (tsserver: Tsserver, file: string): Promise<TsMessage> => {
    const event = tsserver.nextEvent((message) => message.event === 'semanticDiag' && message.body.file === file);
    tsserver.notify('geterr', { files: [file], delay: 0 });
    return event;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'isoscope-tsserver-plugin-'));
    cpSync(join(root, 'test/fixtures/refactor/check'), join(dir, 'check'), { recursive: true });
    probe = pluginProbe();
    server = startTsserver({ probe: probe.dir });
  });

  after(() => {
    server?.close();
    probe?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a warning per captured name to the semantic diagnostics, source isoscope, after TypeScript\'s own', async () => {
    const file = open('scale.mts', fixture('scale.mts'));
    const event = await semanticDiagnostics(server, file);
    assert.deepEqual(ours(event), [
      'warning 9:28-34 `values` is a parameter of `scaled` (line 8)',
      'warning 9:58-64 `factor` is a module-level variable (line 6)',
      "warning 9:67-79 `readFileSync` is imported from 'node:fs' (line 4)",
    ]);
    const all = event.body.diagnostics as Diagnostic[];
    assert.ok(all.some((d) => d.source === undefined && /Cannot find module 'isoscope'/.test(d.text)), 'TypeScript\'s own diagnostics are kept');
  });

  /** One fixture of the check per extension tsserver serves (two in .ts), with a different API in each. */
  const byExtension = ['spawnEntry.ts', 'computeCallback.ts', 'esmImports.mts', 'importEquals.cts', 'jsxComponent.tsx', 'poolUntyped.js', 'evalWorker.cjs', 'evalWorkerConst.mjs'];
  for (const name of byExtension) {
    it(`warns in ${name} where its markers say`, async () => {
      const file = join(dir, 'check', name);
      const text = readFileSync(file, 'utf8');
      server.notify('open', { file, fileContent: text });
      const event = await semanticDiagnostics(server, file);
      const warnings = (event.body.diagnostics as Diagnostic[]).filter((d) => d.source === 'isoscope').map((d) => `${d.start.line}:${d.start.offset} ${/^`([^`]+)`/.exec(d.text)?.[1]}`);
      const expected = expectedVerdicts(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)).map((verdict) => verdict.split(' ').slice(0, 2).join(' '));
      assert.ok(expected.length > 0, `${name} has markers`);
      assert.deepEqual(warnings, expected);
    });
  }

  it('tsserver without the plugin gives none of them', async () => {
    const bare = startTsserver();
    try {
      const file = join(dir, 'scale.mts');
      bare.notify('open', { file, fileContent: fixture('scale.mts') });
      const event = await semanticDiagnostics(bare, file);
      assert.deepEqual(ours(event), []);
      assert.ok((event.body.diagnostics as Diagnostic[]).length > 0, 'its own diagnostics came');
    } finally {
      bare.close();
    }
  });

  it('answers the code actions request with the quick fixes of the findings a range touches', async () => {
    const file = join(dir, 'scale.mts');
    const ask = async (start: [number, number], end: [number, number], kinds = ['quickfix']) => {
      const response = await server.request('_isoscope.codeActions', { file, start: { line: start[0], offset: start[1] }, end: { line: end[0], offset: end[1] }, kinds });
      assert.equal(response.success, true, response.message);
      return response.body.offers as { title: string; kind: string; edits: { newText: string }[]; fixes: { start: { offset: number } } }[];
    };
    const atFactor = await ask([9, 60], [9, 60]);
    assert.deepEqual(atFactor.map((offer) => [offer.title, offer.kind, offer.fixes.start.offset]), [['Pass `factor` as an argument', 'quickfix', 58]]);
    assert.deepEqual(atFactor[0]!.edits.map((edit) => edit.newText).sort(), [', { args: [factor] }', 'factor']);
    const wholeLine = await ask([9, 1], [9, 120]);
    assert.deepEqual(wholeLine.map((offer) => offer.title), ['Pass `values` as an argument', 'Pass `factor` as an argument', 'Import `readFileSync` inside the isolate']);
    assert.deepEqual(await ask([6, 1], [6, 5]), [], 'nothing where no capture is');
    assert.deepEqual(await ask([9, 60], [9, 60], ['source']), [], 'nothing of a kind not asked for');
  });

  it('answers the refactor kind with Run in isolate at a selection: the fixture\'s exact output, or disabled with its reason', async () => {
    const ask = async (name: string, kinds: string[]) => {
      const { text, selection, expectedFile } = readRewriteFixture(join(root, 'test/fixtures/refactor/rewrite', name));
      const file = open(name, text);
      const response = await server.request('_isoscope.codeActions', { file, start: lineOffsetAt(text, selection.start), end: lineOffsetAt(text, selection.end), kinds });
      assert.equal(response.success, true, response.message);
      return { text, expected: expectedFile && readFileSync(expectedFile, 'utf8'), offers: response.body.offers as { title: string; kind: string; edits?: { start: LineOffset; end: LineOffset; newText: string }[]; disabledReason?: string }[] };
    };
    const offered = await ask('configClosure.ts', ['refactor']);
    assert.deepEqual(offered.offers.map((offer) => [offer.title, offer.kind, offer.disabledReason]), [['Run in isolate', 'refactor.rewrite.isolate', undefined]]);
    assert.equal(applied(offered.text, offered.offers[0]!.edits!), offered.expected);
    const refused = await ask('functionValueRefused.ts', ['refactor.rewrite.isolate']);
    assert.deepEqual(refused.offers, [{ title: 'Run in isolate', kind: 'refactor.rewrite.isolate', disabledReason: '`transform` cannot be copied into an isolate: it is a function, which a structured clone cannot copy' }]);
    assert.deepEqual((await ask('configClosure.ts', ['quickfix'])).offers, [], 'not when only quick fixes are asked for');
  });

  it('answers a code actions request the core throws on with no offers, not a server error, and logs the stack', async () => {
    const logFile = join(dir, 'tsserver.log');
    const logged = startTsserver({ probe: probe.dir, logFile });
    try {
      const file = join(dir, 'thrown.ts');
      const text = 'export const n = 1;\n';
      writeFileSync(file, text);
      logged.notify('open', { file, fileContent: text });
      // No `kinds`: the core reads them, and throws.
      const response = await logged.request('_isoscope.codeActions', { file, start: { line: 1, offset: 1 }, end: { line: 1, offset: 1 } });
      assert.equal(response.success, true, response.message);
      assert.deepEqual(response.body, { offers: [] });
    } finally {
      logged.close();
    }
    assert.match(readFileSync(logFile, 'utf8'), /\[isoscope\] the code actions of \S*thrown\.ts \(undefined\) failed: TypeError: [^\n]*\n\s+at /);
  });

  it('adds the warnings inside a long file\'s checked region to its region diagnostics, and all of them to the whole file\'s', async () => {
    const block = (i: number) => [`export async function part${i}(values: number[]): Promise<number> {`, '  return Isolate.run(() => values.length);', '}', ''];
    const lines = ["import { Isolate } from 'isoscope';", ''];
    for (let i = 0; i < 200; i++) lines.push(...block(i));
    const file = open('long.mts', lines.join('\n'));
    const region = server.nextEvent((message) => message.event === 'regionSemanticDiag' && message.body.file === file);
    const whole = server.nextEvent((message) => message.event === 'semanticDiag' && message.body.file === file);
    // The lines an editor shows: the first 20 (as VS Code sends the visible ranges of a long file).
    server.notify('geterr', { files: [{ file, ranges: [{ startLine: 1, startOffset: 1, endLine: 20, endOffset: 1 }] }], delay: 0 });
    // TypeScript checks the statements the range touches, whole: line 20 ends the fifth function.
    const inRegion = ours(await region);
    assert.deepEqual(inRegion.map((line) => line.split(' ')[1]), ['4:28-34', '8:28-34', '12:28-34', '16:28-34', '20:28-34']);
    assert.equal(ours(await whole).length, 200);
  });
});
