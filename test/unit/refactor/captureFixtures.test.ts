// The capture check on every fixture of test/fixtures/refactor/check: the findings are exactly
// the captures its markers promise (name, kind, flags, at the name's first use), the TypeScript
// fixtures type-check, and every quick fix, applied, leaves a file that parses and no longer
// captures that name.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import ts from 'typescript';
import { checkCaptures } from '../../../src/refactor/captureCheck';
import { applyEdits } from '../../../src/refactor/captureFixes';
import { singleFileChecker } from '../../../src/refactor/singleFileProgram';
import { expectedVerdicts, fixtureFiles, fixtureProgram, verdictOf } from './fixtureProgram';

describe('refactor: the capture check on the fixtures', function () {
  this.timeout(60_000);
  const files = fixtureFiles();
  let program: ts.Program;
  before(() => {
    program = fixtureProgram(files);
  });

  it('has at least 40 fixtures, each saying what it shows, in TS, JS, TSX, CommonJS and ES modules', () => {
    assert.ok(files.length >= 40, `${files.length} fixtures`);
    for (const ext of ['.ts', '.mts', '.cts', '.tsx', '.js', '.cjs', '.mjs']) assert.ok(files.some((file) => file.endsWith(ext)), ext);
    for (const file of files) assert.match(program.getSourceFile(file)!.text, /^\/\/ \S/, `${basename(file)} starts with a comment saying what it shows`);
  });

  it('the TypeScript fixtures type-check (strict)', () => {
    for (const file of files.filter((name) => /\.[cm]?tsx?$/.test(name))) {
      const source = program.getSourceFile(file)!;
      const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
      assert.deepEqual(diagnostics.map((d) => `${basename(file)}:${d.start}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`), []);
    }
  });

  for (const file of fixtureFiles()) {
    it(basename(file), () => {
      const source = program.getSourceFile(file)!;
      const findings = checkCaptures(ts, source, program.getTypeChecker());
      assert.deepEqual(findings.map(verdictOf), expectedVerdicts(source));
      for (const finding of findings) {
        assert.ok(finding.message.length > 20 && finding.message.includes(finding.capture.name), finding.message);
        for (const fix of finding.fixes) {
          const fixed = applyEdits(source.text, fix.edits);
          const parsed = ts.transpileModule(fixed, { reportDiagnostics: true, fileName: file, compilerOptions: { jsx: ts.JsxEmit.Preserve } });
          assert.deepEqual(parsed.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], `${fix.title} leaves a file that parses:\n${fixed}`);
          const again = singleFileChecker(ts, file, fixed);
          const still = checkCaptures(ts, again.sourceFile, again.checker).filter((f) => f.capture.name === finding.capture.name && f.entry.start === finding.entry.start);
          assert.deepEqual(still.map((f) => f.message), [], `${fix.title} removes the capture:\n${fixed}`);
        }
      }
    });
  }
});
