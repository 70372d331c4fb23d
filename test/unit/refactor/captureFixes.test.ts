// The quick fixes' exact edits: "Pass `x` as an argument" with and without an options object or
// args, an arrow without parentheses; "Import `y` inside the isolate" in CommonJS and in ES
// modules (the function made async, an expression body made a block), a .ts file as its program
// compiles it, in a CRLF file's line ends.
import assert from 'node:assert/strict';
import ts from 'typescript';
import { checkCaptures } from '../../../src/refactor/captureCheck';
import { applyEdits, importStatement } from '../../../src/refactor/captureFixes';
import { singleFileChecker } from '../../../src/refactor/singleFileProgram';

/** `source` with the fix titled `title` applied. */
function fixed(fileName: string, source: string, title: string): string {
  const { sourceFile, checker } = singleFileChecker(ts, fileName, source);
  const fixes = checkCaptures(ts, sourceFile, checker).flatMap((finding) => finding.fixes);
  const fix = fixes.find((candidate) => candidate.title === title);
  assert.ok(fix, `no fix "${title}" among ${fixes.map((f) => f.title).join(', ') || 'none'}`);
  return applyEdits(source, fix.edits);
}

const esm = "import { Isolate } from 'isoscope';\n";
const cjs = "const { Isolate } = require('isoscope');\n";

describe('refactor: the capture quick fixes', () => {
  it('passes a value as the first argument when the call has no options', () => {
    assert.equal(fixed('a.ts', `${esm}const n = 1;\nIsolate.run(() => n * 2);\n`, 'Pass `n` as an argument'), `${esm}const n = 1;\nIsolate.run((n) => n * 2, { args: [n] });\n`);
  });

  it('adds args to an options object, and appends to args that line up with the parameters', () => {
    assert.equal(fixed('a.ts', `${esm}const n = 1;\nIsolate.run(() => n, { debugName: 'x' });\n`, 'Pass `n` as an argument'), `${esm}const n = 1;\nIsolate.run((n) => n, { args: [n], debugName: 'x' });\n`);
    assert.equal(fixed('a.ts', `${esm}const n = 1;\nIsolate.run(() => n, {});\n`, 'Pass `n` as an argument'), `${esm}const n = 1;\nIsolate.run((n) => n, { args: [n] });\n`);
    assert.equal(fixed('a.ts', `${esm}const n = 1;\nIsolate.run((a: number) => a + n, { args: [2] });\n`, 'Pass `n` as an argument'), `${esm}const n = 1;\nIsolate.run((a: number, n) => a + n, { args: [2, n] });\n`);
    assert.equal(fixed('a.js', `${cjs}const n = 1;\nIsolate.run(a => a + n, { args: [2] });\n`, 'Pass `n` as an argument'), `${cjs}const n = 1;\nIsolate.run((a, n) => a + n, { args: [2, n] });\n`);
  });

  it('offers no argument fix when parameters and args do not line up, for a rest parameter, or for compute', () => {
    for (const source of [
      `${esm}const n = 1;\nIsolate.run((a: number) => a + n);\n`,
      `${esm}const n = 1;\nIsolate.run((...a: number[]) => n, { args: [] });\n`,
      `${esm}const n = 1;\nconst options = { args: [] };\nIsolate.run(() => n, options);\n`,
      "import { compute } from 'isoscope';\nconst n = 1;\ncompute((m: number) => m + n, 2);\n",
    ]) {
      const { sourceFile, checker } = singleFileChecker(ts, 'a.ts', source);
      const findings = checkCaptures(ts, sourceFile, checker);
      assert.equal(findings.length, 1, source);
      assert.deepEqual(findings[0]!.fixes, [], source);
    }
  });

  it('imports inside with require() in CommonJS, at the top of a block body, indented as it is', () => {
    const source = `${cjs}const { gzipSync } = require('node:zlib');\nfunction pack(b) {\n  return Isolate.run(() => {\n    const out = gzipSync(b);\n    return out;\n  }, { args: [] });\n}\n`;
    assert.equal(fixed('a.cjs', source, 'Import `gzipSync` inside the isolate'), source.replace('  return Isolate.run(() => {\n', "  return Isolate.run(() => {\n    const { gzipSync } = require('node:zlib');\n"));
  });

  it('imports inside with await import() in an ES module: the function becomes async, an expression body a block', () => {
    const source = `${esm}import { createHash as hash } from 'node:crypto';\nexport const go = () =>\n  Isolate.run(() => hash('sha1').digest('hex'));\n`;
    assert.equal(fixed('a.mts', source, 'Import `hash` inside the isolate'), `${esm}import { createHash as hash } from 'node:crypto';\nexport const go = () =>\n  Isolate.run(async () => {\n    const { createHash: hash } = await import('node:crypto');\n    return hash('sha1').digest('hex');\n  });\n`);
  });

  it('imports inside with require() in a .ts file its program compiles to CommonJS, with await import() when it emits ES modules', () => {
    const source = `${esm}import { gzipSync } from 'node:zlib';\nexport function pack(b: Uint8Array) {\n  return Isolate.run(() => gzipSync(b).length);\n}\n`;
    const { sourceFile, checker } = singleFileChecker(ts, 'a.ts', source);
    const fixOf = (options: ts.CompilerOptions) => {
      const finding = checkCaptures(ts, sourceFile, checker, undefined, options).find((candidate) => candidate.capture.name === 'gzipSync')!;
      return { message: finding.message, fixed: applyEdits(source, finding.fixes[0]!.edits) };
    };
    const commonjs = fixOf({ module: ts.ModuleKind.CommonJS });
    assert.match(commonjs.message, /const \{ gzipSync \} = require\('node:zlib'\);/);
    assert.equal(commonjs.fixed, source.replace('Isolate.run(() => gzipSync(b).length)', "Isolate.run(() => {\n    const { gzipSync } = require('node:zlib');\n    return gzipSync(b).length;\n  })"));
    assert.equal(fixOf({ module: ts.ModuleKind.ES2022 }).fixed, source.replace('Isolate.run(() => gzipSync(b).length)', "Isolate.run(async () => {\n    const { gzipSync } = await import('node:zlib');\n    return gzipSync(b).length;\n  })"));
  });

  it('writes the line ends of a CRLF file in what it adds', () => {
    const block = `${cjs}const { gzipSync } = require('node:zlib');\nfunction pack(b) {\n  return Isolate.run(() => {\n    return gzipSync(b);\n  });\n}\n`.replace(/\n/g, '\r\n');
    assert.equal(fixed('a.cjs', block, 'Import `gzipSync` inside the isolate'), block.replace('  return Isolate.run(() => {\r\n', "  return Isolate.run(() => {\r\n    const { gzipSync } = require('node:zlib');\r\n"));
    const arrow = `${esm}import { createHash as hash } from 'node:crypto';\nexport const go = () =>\n  Isolate.run(() => hash('sha1').digest('hex'));\n`.replace(/\n/g, '\r\n');
    assert.equal(fixed('a.mts', arrow, 'Import `hash` inside the isolate'), `${esm}import { createHash as hash } from 'node:crypto';\nexport const go = () =>\n  Isolate.run(async () => {\n    const { createHash: hash } = await import('node:crypto');\n    return hash('sha1').digest('hex');\n  });\n`.replace(/\n/g, '\r\n'));
  });

  it('writes each import style as the isolate loads it', () => {
    assert.equal(importStatement({ specifier: 'node:os', style: 'default' }, 'os', 'esm').text, "const { default: os } = await import('node:os');");
    assert.equal(importStatement({ specifier: 'node:path', style: 'namespace' }, 'path', 'esm').text, "const path = await import('node:path');");
    assert.equal(importStatement({ specifier: 'node:path', style: 'namespace' }, 'path', 'cjs').text, "const path = require('node:path');");
    assert.equal(importStatement({ specifier: './util', style: 'named', imported: 'parse' }, 'parse', 'cjs').text, "const { parse } = require('./util');");
    assert.equal(importStatement({ specifier: 'node:fs', style: 'require', imported: 'readFileSync' }, 'read', 'esm').text, "const { readFileSync: read } = require('node:fs');");
    assert.equal(importStatement({ specifier: "it's", style: 'require' }, 'x', 'cjs').text, "const x = require('it\\'s');");
  });
});
