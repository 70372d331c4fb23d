// Properties of "Run in isolate" over generated programs (ES modules and CommonJS, TypeScript and
// JavaScript, in async and sync functions, methods and at the top level, with imports, helpers,
// classes, mutable state, narrowing, `this` and `arguments`), at any expression of a generated computation,
// selected or under the cursor: every output parses and passes the capture check, and offers
// nothing more to move where the refactor wrote; with TypeScript's checker, every output
// type-checks (strict) where its input did.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ts from 'typescript';
import { runInIsolateOffers } from '../../../src/refactor/runInIsolate';
import { applyEdits, type TextEdit } from '../../../src/refactor/captureFixes';
import { checkCaptures } from '../../../src/refactor/captureCheck';
import { singleFileChecker } from '../../../src/refactor/singleFileProgram';
import { join } from 'node:path';
import { expressionsIn, writtenSpan } from './rewriteFixture';
import { fixtureOptions, root } from './fixtureProgram';

type Context = 'async' | 'sync' | 'method' | 'top';

const leaves = ['k', 'p', 'local', 'maybe', 'opt.n', '(opt.n === undefined ? 0 : opt.n)', 'cfg.n', 'cfg.s.length', 'words.length', 'state', 'this.q', 'arguments.length', "join('a', cfg.s).length", 'os.EOL.length', 'new Box(k).get()', 'Math.max(k, p)', '7'];
const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...leaves),
    tie('e').map((e) => `twice(${e})`),
    tie('e').map((e) => `chain(${e})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(${a} + ${b})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `[${a}, ${b}].length * ${a}`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `((x) => x + ${a})(${b})`),
    tie('e').map((e) => `\`\${${e}}\`.length`),
  ),
})).e;

/** A program around `computation` in `context`, and where the computation starts; TypeScript
 * (typed: it type-checks, strict, wherever the computation does) when `fileName` says so. */
function program(fileName: string, context: Context, computation: string): { text: string; start: number } {
  const esm = /\.m[jt]s$/.test(fileName) || fileName.endsWith('.ts');
  const typed = /\.[cm]?ts$/.test(fileName);
  const n = typed ? ': number' : '';
  const imports = esm ? "import { join } from 'node:path';\nimport * as os from 'node:os';\n" : "const { join } = require('node:path');\nconst os = require('node:os');\n";
  const common = [
    'const k = 3;',
    "const words = ['a', 'bb'];",
    "const cfg = { n: 2, s: 'x' };",
    `const opt${typed ? ': { n?: number }' : ''} = { n: 4 };`,
    'let state = 1;',
    `function twice(x${n})${n} { return x * 2 + k; }`,
    `const inc = (x${n})${n} => x + 1;`,
    `function chain(x${n})${n} { return twice(inc(x)); }`,
    typed ? 'class Box { constructor(readonly v: number) {} get(): number { return this.v; } }' : 'class Box { constructor(v) { this.v = v; } get() { return this.v; } }',
    'function bump() { state++; }',
    '',
  ].join('\n');
  // Narrowed before the computation: a property (opt.n) and a variable (maybe).
  const narrow = 'if (opt.n === undefined) return 0;\n  const maybe = p > 1 ? p : undefined;\n  if (maybe === undefined) return 0;\n  ';
  const head = {
    async: `export async function f(p${n}) {\n  const local = p + 1;\n  ${narrow}return `,
    sync: `export function f(p${n}) {\n  const local = p + 1;\n  ${narrow}return `,
    method: `export class C {\n  q = 1;\n  async m(p${n}) {\n    const local = p + 1;\n    ${narrow}return `,
    top: 'const p = 2;\nconst local = p + 1;\nexport const r = ',
  }[context];
  const tail = { async: ';\n}\n', sync: ';\n}\n', method: ';\n  }\n}\n', top: ';\n' }[context];
  const before = `${imports}${common}${head}`.replace(/export /g, esm ? 'export ' : '');
  return { text: `${before}${computation}${tail}`, start: before.length };
}

/** Programs of one generated file each, sharing every other file (the libraries, the runtime's
 * source) with the program before, so that each costs little more than checking that file. */
function programs(): (fileName: string, text: string) => { file: ts.SourceFile; checker: ts.TypeChecker; diagnostics: string[] } {
  const host = ts.createCompilerHost(fixtureOptions);
  const shared = new Map<string, ts.SourceFile | undefined>();
  const read = host.getSourceFile.bind(host);
  let generated = { name: '', text: '' };
  let previous: ts.Program | undefined;
  host.getSourceFile = (name, language) => {
    if (name === generated.name) return ts.createSourceFile(name, generated.text, language, true);
    if (!shared.has(name)) shared.set(name, read(name, language));
    return shared.get(name);
  };
  return (fileName, text) => {
    generated = { name: join(root, 'test/fixtures/refactor/rewrite', `generated-${fileName}`), text };
    const program = ts.createProgram([generated.name], fixtureOptions, host, previous);
    previous = program;
    const file = program.getSourceFile(generated.name)!;
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    return { file, checker: program.getTypeChecker(), diagnostics };
  };
}

describe('refactor: Run in isolate, properties over generated programs', function () {
  this.timeout(300_000);

  it('every output parses, passes the capture check, and offers nothing more where it wrote', () => {
    const counts = { enabled: 0, disabled: 0, none: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom('a.ts', 'a.mts', 'a.js', 'a.cjs', 'a.mjs'),
        fc.constantFrom<Context>('async', 'sync', 'method', 'top'),
        expression,
        fc.nat(),
        fc.boolean(),
        (fileName, context, computation, pick, cursor) => {
          const { text, start } = program(fileName, context, computation);
          const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
          // Names and literals offer nothing (a fixture says so): pick among the rest.
          const candidates = expressionsIn(file, { start, end: start + computation.length }).filter((span) => span.start >= start && !/^[\w.]+$/.test(text.slice(span.start, span.end)));
          if (candidates.length === 0) return;
          const target = candidates[pick % candidates.length]!;
          const offers = runInIsolateOffers(ts, file, undefined, cursor ? { start: target.start, end: target.start } : target);
          if (offers.length === 0) counts.none++;
          for (const offer of offers) {
            if (!('edits' in offer)) {
              counts.disabled++;
              assert.ok(offer.disabledReason.length > 20, offer.disabledReason);
              continue;
            }
            counts.enabled++;
            checkOutput(fileName, applyEdits(text, offer.edits), offer.edits);
          }
        },
      ),
      { numRuns: 500 },
    );
    // Not vacuous: most runs move something, and the refusals are met too.
    assert.ok(counts.enabled > 100 && counts.disabled > 50, JSON.stringify(counts));
  });
});

describe('refactor: Run in isolate, properties over generated TypeScript with its checker', function () {
  this.timeout(300_000);

  it('every output type-checks (strict) where its input did, and passes the capture check', () => {
    const check = programs();
    const counts = { typed: 0, enabled: 0 };
    fc.assert(
      fc.property(fc.constantFrom('a.ts', 'a.mts', 'a.cts'), fc.constantFrom<Context>('async', 'sync', 'method', 'top'), expression, fc.nat(), (fileName, context, computation, pick) => {
        const { text, start } = program(fileName, context, computation);
        const input = check(fileName, text);
        if (input.diagnostics.length > 0) return; // only where the input type-checks
        counts.typed++;
        // Names and literals offer nothing: pick among the rest.
        const target = expressionsIn(input.file, { start, end: start + computation.length }).filter((span) => span.start >= start && !/^[\w.]+$/.test(text.slice(span.start, span.end)));
        if (target.length === 0) return;
        const range = target[pick % target.length]!;
        for (const offer of runInIsolateOffers(ts, input.file, input.checker, range)) {
          if (!('edits' in offer)) continue;
          counts.enabled++;
          const output = check(fileName, applyEdits(text, offer.edits));
          assert.deepEqual(output.diagnostics, [], `type-checks:\n${output.file.text}`);
          assert.deepEqual(checkCaptures(ts, output.file, output.checker).map((finding) => finding.message), [], `passes the capture check:\n${output.file.text}`);
        }
      }),
      { numRuns: 100 },
    );
    assert.ok(counts.typed > 40 && counts.enabled > 15, JSON.stringify(counts));
  });
});

function checkOutput(fileName: string, output: string, edits: readonly TextEdit[]): void {
  const parsed = ts.transpileModule(output, { fileName, reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
  assert.deepEqual(parsed.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], `parses:\n${output}`);
  const { sourceFile, checker } = singleFileChecker(ts, fileName, output);
  assert.deepEqual(checkCaptures(ts, sourceFile, checker).map((finding) => finding.message), [], `passes the capture check:\n${output}`);
  const span = writtenSpan(edits);
  const probes = [span, ...expressionsIn(sourceFile, span), { start: span.start, end: span.start }, { start: span.end - 1, end: span.end - 1 }];
  for (const probe of probes) {
    assert.deepEqual(runInIsolateOffers(ts, sourceFile, checker, probe), [], `offers nothing at ${output.slice(probe.start, probe.end)}:\n${output}`);
  }
}
