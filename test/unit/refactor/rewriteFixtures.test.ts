// "Run in isolate" on every fixture of test/fixtures/refactor/rewrite: the offers are exactly
// those its `//!` lines promise (titles, disabled reasons), an offer's edits give exactly the
// expected output, every output type-checks (strict) where its input did, passes the capture
// check, and offers nothing more to move where the refactor wrote.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { runInIsolateOffers, type IsolateOffer } from '../../../src/refactor/runInIsolate';
import { applyEdits, type TextEdit } from '../../../src/refactor/captureFixes';
import { checkCaptures } from '../../../src/refactor/captureCheck';
import { expressionsIn, readRewriteFixture, rewriteFixtureFiles, rewriteProgram, writtenSpan, type RewriteFixture } from './rewriteFixture';

const isTypeScript = (file: string): boolean => /\.[cm]?tsx?$/.test(file);

function diagnosticsOf(program: ts.Program, file: string): string[] {
  const source = program.getSourceFile(file)!;
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => `${basename(file)}:${d.start}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** How an offer reads as a `//!` line's expectation. */
function asExpectation(offer: IsolateOffer) {
  return 'disabledReason' in offer ? { kind: 'disabled', title: offer.title, reason: offer.disabledReason } : { kind: 'offer', title: offer.title };
}

describe('refactor: Run in isolate on the fixtures', function () {
  this.timeout(120_000);
  const files = rewriteFixtureFiles();
  const fixtures = new Map<string, RewriteFixture>(files.map((file) => [file, readRewriteFixture(file)]));
  const offered = [...fixtures.values()].filter((fixture) => fixture.expectedFile);
  let inputs: ts.Program;
  let written: ts.Program;
  before(() => {
    inputs = rewriteProgram(files, new Map([...fixtures.values()].map((fixture) => [fixture.file, fixture.text])));
    // The outputs read in place of their inputs, so their relative imports resolve as the inputs' do.
    written = rewriteProgram(offered.map((fixture) => fixture.file), new Map(offered.map((fixture) => [fixture.file, readFileSync(fixture.expectedFile!, 'utf8')])));
  });

  it('has at least 40 fixtures in TS, TSX, JS, CommonJS and ES modules, offered and refused, each saying what it shows', () => {
    assert.ok(files.length >= 40, `${files.length} fixtures`);
    for (const ext of ['.ts', '.mts', '.cts', '.tsx', '.js', '.cjs', '.mjs']) assert.ok(files.some((file) => file.endsWith(ext)), ext);
    const all = [...fixtures.values()];
    assert.ok(all.filter((fixture) => fixture.expectations.some((e) => e.kind === 'offer')).length >= 25);
    assert.ok(all.filter((fixture) => fixture.expectations.some((e) => e.kind === 'disabled')).length >= 15);
    for (const fixture of all) {
      assert.match(fixture.text, /^(?:#![^\n]*\n|'use strict';\n)?\/\/ \S/, `${basename(fixture.file)} starts with a comment saying what it shows`);
      assert.ok(fixture.none !== fixture.expectations.length > 0, `${basename(fixture.file)}: //! none, or offers`);
      assert.equal(fixture.expectedFile !== undefined, fixture.expectations.some((e) => e.kind === 'offer'), `${basename(fixture.file)}: an expected output exactly when something is offered`);
    }
  });

  it('the TypeScript inputs type-check (strict)', () => {
    for (const file of files.filter(isTypeScript)) assert.deepEqual(diagnosticsOf(inputs, file), []);
  });

  for (const file of files) {
    it(basename(file), () => {
      const fixture = fixtures.get(file)!;
      const source = inputs.getSourceFile(file)!;
      const offers = runInIsolateOffers(ts, source, inputs.getTypeChecker(), fixture.selection);
      assert.deepEqual(offers.map(asExpectation), fixture.expectations);
      for (const offer of offers) {
        if (!('edits' in offer)) continue;
        assert.equal(offer.kind, 'refactor.rewrite.isolate');
        assert.equal(applyEdits(fixture.text, offer.edits), readFileSync(fixture.expectedFile!, 'utf8'));
      }
    });
  }

  it('every output type-checks (strict) and passes the capture check', () => {
    for (const { file } of offered) {
      if (isTypeScript(file)) assert.deepEqual(diagnosticsOf(written, file), []);
      const findings = checkCaptures(ts, written.getSourceFile(file)!, written.getTypeChecker());
      assert.deepEqual(findings.map((finding) => `${basename(file)}:${finding.line}: ${finding.message}`), []);
    }
  });

  it('offers nothing where it wrote: the call, every expression in it, and the cursor anywhere in it', () => {
    let probes = 0;
    for (const fixture of offered) {
      const offer = runInIsolateOffers(ts, inputs.getSourceFile(fixture.file)!, inputs.getTypeChecker(), fixture.selection).find((candidate) => 'edits' in candidate) as { edits: TextEdit[] };
      const span = writtenSpan(offer.edits);
      const output = written.getSourceFile(fixture.file)!;
      const checker = written.getTypeChecker();
      const ranges = [span, ...expressionsIn(output, span)];
      for (let at = span.start; at <= span.end; at++) ranges.push({ start: at, end: at });
      for (const range of ranges) {
        probes++;
        const again = runInIsolateOffers(ts, output, checker, range);
        assert.deepEqual(again, [], `${basename(fixture.file)} at ${range.start}-${range.end}: ${output.text.slice(range.start, range.end)}`);
      }
    }
    assert.ok(probes > 1000, `${probes} probes`);
  });
});
