// The capture analysis called directly (as the refactor will): a method, owners and declaration
// lines, require() forms, the clone verdict's reasons; and two properties: renaming names
// consistently never changes what is captured, and applying the quick fixes one after another
// leaves a file that parses and captures nothing.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ts from 'typescript';
import { analyzeCaptures } from '../../../src/refactor/captures';
import { checkCaptures } from '../../../src/refactor/captureCheck';
import { applyEdits } from '../../../src/refactor/captureFixes';
import { singleFileChecker } from '../../../src/refactor/singleFileProgram';
import { isIsolateGlobal } from '../../../src/protocol/isolateGlobals';
import type { Capture } from '../../../src/refactor/captureTypes';

/** The captures of the first function in `source` whose text starts with `marker`. */
function capturesOf(source: string, marker: string, fileName = 'a.ts'): Capture[] {
  const { sourceFile, checker } = singleFileChecker(ts, fileName, source);
  let fn: ts.Node | undefined;
  const find = (node: ts.Node): void => {
    if (!fn && ts.isFunctionLike(node) && node.getText().startsWith(marker)) fn = node;
    ts.forEachChild(node, find);
  };
  find(sourceFile);
  assert.ok(fn, `no function starting with ${marker}`);
  return analyzeCaptures(ts, fn, checker);
}

const brief = (captures: Capture[]) => captures.map((c) => `${c.name}:${c.kind}${c.owner ? `@${c.owner}` : ''}${c.declaration ? `#${c.declaration.line}` : ''}`);

describe('refactor: the capture analysis', function () {
  // The properties bind a generated file per run (a program each): 1.3-2.5 s here at load 7-11,
  // past mocha's 2 s default when run without the repository's config.
  this.timeout(60_000);

  it('analyses a method: its `super` is its home object, which an isolate does not have', () => {
    const source = 'const limit = 2;\nconst base = { x: 1 };\nconst o = { __proto__: base, m() { return super.x + limit + this.y; }, y: 2 };\n';
    assert.deepEqual(brief(capturesOf(source, 'm()')), ['super:super', 'limit:module#1']);
  });

  it('names the outer function of a local or parameter, and the line it is declared on', () => {
    const source = 'function outer(p: number) {\n  const q = p;\n  const inner = () => {\n    const r = 1;\n    return () => p + q + r;\n  };\n  return inner;\n}\n';
    assert.deepEqual(brief(capturesOf(source, '() => p')), ['p:parameter@outer#1', 'q:local@outer#2', 'r:local@inner#4']);
  });

  it('reads require() with a property, destructuring with a rename, and import = require', () => {
    const source = "const read = require('node:fs').readFileSync;\nconst { join: j } = require('node:path');\nimport os = require('node:os');\nconst f = () => [read, j, os];\n";
    const captures = capturesOf(source, '() => [', 'a.cts');
    assert.deepEqual(captures.map((c) => c.import), [
      { specifier: 'node:fs', style: 'require', imported: 'readFileSync' },
      { specifier: 'node:path', style: 'require', imported: 'join' },
      { specifier: 'node:os', style: 'require' },
    ]);
  });

  it('says why a value cannot be copied, by its type', () => {
    const source = [
      'class Timer { started = 0; elapsed(): number { return 1; } }',
      'const t = new Timer();',
      'const cb = () => 1;',
      'const s = Symbol();',
      'const p = Promise.resolve(1);',
      'const m = new Map<string, () => void>();',
      'const f = () => [t.elapsed(), cb, s, p, m];',
    ].join('\n');
    const host = ts.createCompilerHost({ lib: ['lib.es2023.d.ts'] });
    const original = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version) => (name === '/v.ts' ? ts.createSourceFile(name, source, ts.ScriptTarget.ES2022, true) : original(name, version));
    const typed = ts.createProgram(['/v.ts'], { lib: ['lib.es2023.d.ts'], types: [], strict: true, noEmit: true }, host);
    const file = typed.getSourceFile('/v.ts')!;
    const fn = (file.statements.at(-1) as ts.VariableStatement).declarationList.declarations[0]!.initializer!;
    const reasons = Object.fromEntries(analyzeCaptures(ts, fn, typed.getTypeChecker()).map((c) => [c.name, c.clone.ok ? 'ok' : c.clone.reason]));
    assert.match(reasons.t!, /instance of class `Timer` whose method `elapsed` the function uses/);
    assert.match(reasons.cb!, /a function/);
    assert.match(reasons.s!, /a symbol/);
    assert.match(reasons.p!, /a Promise/);
    assert.match(reasons.m!, /holds a function/);
  });

  it('property: renaming every name consistently never changes what is captured', () => {
    const reserved = new Set(['do', 'if', 'in', 'for', 'let', 'new', 'try', 'var', 'case', 'else', 'enum', 'null', 'this', 'true', 'void', 'with', 'await', 'break', 'catch', 'class', 'const', 'false', 'super', 'throw', 'while', 'yield', 'delete', 'export', 'import', 'public', 'return', 'static', 'switch', 'typeof', 'default', 'extends', 'finally', 'package', 'private', 'continue', 'debugger', 'function', 'arguments', 'interface', 'protected', 'implements', 'instanceof', 'as', 'of', 'is', 'eval', 'async', 'from', 'get', 'set', 'type', 'any', 'number', 'string']);
    const name = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,5}$/).filter((n) => !reserved.has(n) && !isIsolateGlobal(n));
    const slots = ['imp', 'mod', 'mut', 'fn', 'param', 'local', 'own', 'inner', 'label', 'key'] as const;
    type Names = Record<(typeof slots)[number], string>;
    const program = (n: Names) => `import { Isolate } from 'isoscope';
import { ${n.imp} } from 'node:fs';
const ${n.mod} = { ${n.key}: 1 };
let ${n.mut} = 0;
function ${n.fn}(${n.param}: number) {
  const ${n.local} = [${n.param}];
  const job = Isolate.run((${n.own}: number) => {
    const { ${n.key}: ${n.inner} = ${n.own} } = ${n.mod};
    ${n.label}: for (const ${n.param} of [${n.own}]) { if (${n.param}) break ${n.label}; }
    return [${n.inner}, ${n.local}.length, ${n.param}, ${n.imp}, ${n.mut}, { ${n.key}: ${n.mod}.${n.key} }, () => ${n.fn}];
  }, { args: [1] });
  ${n.mut}++;
  return job;
}
${n.mut} = 2;
`;
    const base = Object.fromEntries(slots.map((slot) => [slot, `${slot}X`])) as Names;
    const captured = (names: Names) => {
      const { sourceFile, checker } = singleFileChecker(ts, 'p.ts', program(names));
      const back = new Map(slots.map((slot) => [names[slot], slot]));
      return checkCaptures(ts, sourceFile, checker).map(({ capture }) => `${back.get(capture.name)}:${capture.kind}:${capture.assignedAfter ? 'after' : ''}`);
    };
    const expected = captured(base);
    // A write at the module's top level runs at load, before the call; the one after the call counts.
    assert.deepEqual(expected, ['mod:module:', 'local:local:', 'param:parameter:', 'imp:import:', 'mut:module:after', 'fn:function:']);
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: slots.length, maxLength: slots.length }), (chosen) => {
        const names = Object.fromEntries(slots.map((slot, i) => [slot, chosen[i]!])) as Names;
        assert.deepEqual(captured(names), expected);
      }),
      { numRuns: 60 },
    );
  });

  it('property: applying the quick fixes one after another leaves a file that parses and captures nothing', () => {
    const declarations = [
      ["import { readFileSync } from 'node:fs';", 'readFileSync'],
      ["import * as path from 'node:path';", 'path.sep'],
      ["import os from 'node:os';", 'os.EOL'],
      ['const limit = 10;', 'limit'],
      ["const table = new Map([['a', 1]]);", 'table.size'],
      ['let counter = 0;', 'counter'],
      ["const config = { name: 'x', tags: ['a'] };", 'config.name'],
    ] as const;
    const sources = fc.record({
      used: fc.subarray([...declarations.keys()], { minLength: 1 }),
      style: fc.constantFrom('a.ts', 'a.mts'),
      body: fc.constantFrom('expression', 'block'),
      options: fc.constantFrom('', ", { debugName: 'p' }", ', {}'),
      params: fc.constantFrom('', 'a: number'),
    });
    fc.assert(
      fc.property(sources, ({ used, style, body, options, params }) => {
        const reads = used.map((i) => declarations[i]![1]).join(', ');
        const args = params ? `, { args: [1] }` : options;
        const fn = body === 'expression' ? `(${params}) => [${reads}]` : `(${params}) => {\n    const all = [${reads}];\n    return all;\n  }`;
        let text = `import { Isolate } from 'isoscope';\n${used.map((i) => declarations[i]![0]).join('\n')}\nexport function go() {\n  return Isolate.run(${fn}${args});\n}\n`;
        for (let round = 0; round < 10; round++) {
          const { sourceFile, checker } = singleFileChecker(ts, style, text);
          const findings = checkCaptures(ts, sourceFile, checker);
          if (findings.length === 0) break;
          const fix = findings.find((finding) => finding.fixes.length > 0)?.fixes[0];
          assert.ok(fix, `a capture without a fix:\n${text}\n${findings.map((f) => f.message).join('\n')}`);
          text = applyEdits(text, fix.edits);
        }
        const { sourceFile, checker } = singleFileChecker(ts, style, text);
        assert.deepEqual(checkCaptures(ts, sourceFile, checker).map((f) => f.message), [], text);
        const parsed = ts.transpileModule(text, { reportDiagnostics: true, fileName: style });
        assert.deepEqual(parsed.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], text);
      }),
      { numRuns: 60 },
    );
  });
});
