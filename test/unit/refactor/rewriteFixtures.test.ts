// "Run in isolate" on every fixture of test/fixtures/refactor/rewrite: the offers are exactly
// those its `//!` lines promise (titles, disabled reasons), an offer's edits give exactly the
// expected output, every output type-checks (strict) where its input did, passes the capture
// check, and offers nothing more to move where the refactor wrote. A fixture with compiler
// options of its own (`//! compilerOptions`) is read in a program with those.
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
  /** Each fixture's program: one per set of compiler options the fixtures ask for. */
  const inputs = new Map<string, ts.Program>();
  const written = new Map<string, ts.Program>();
  before(() => {
    const groups = new Map<string, RewriteFixture[]>();
    for (const fixture of fixtures.values()) groups.set(fixture.optionsKey, [...(groups.get(fixture.optionsKey) ?? []), fixture]);
    for (const group of groups.values()) {
      const options = group[0]!.options;
      const program = rewriteProgram(group.map((fixture) => fixture.file), new Map(group.map((fixture) => [fixture.file, fixture.text])), options);
      // The outputs read in place of their inputs, so their relative imports resolve as the inputs' do.
      const outputs = group.filter((fixture) => fixture.expectedFile);
      const output = rewriteProgram(outputs.map((fixture) => fixture.file), new Map(outputs.map((fixture) => [fixture.file, readFileSync(fixture.expectedFile!, 'utf8')])), options);
      for (const fixture of group) {
        inputs.set(fixture.file, program);
        written.set(fixture.file, output);
      }
    }
  });
  const offersOf = (fixture: RewriteFixture, range = fixture.selection): IsolateOffer[] => {
    const program = inputs.get(fixture.file)!;
    return runInIsolateOffers(ts, program.getSourceFile(fixture.file)!, program.getTypeChecker(), range, program.getCompilerOptions());
  };

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
    for (const file of files.filter(isTypeScript)) assert.deepEqual(diagnosticsOf(inputs.get(file)!, file), []);
  });

  for (const file of files) {
    it(basename(file), () => {
      const fixture = fixtures.get(file)!;
      const offers = offersOf(fixture);
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
      const program = written.get(file)!;
      if (isTypeScript(file)) assert.deepEqual(diagnosticsOf(program, file), []);
      const findings = checkCaptures(ts, program.getSourceFile(file)!, program.getTypeChecker(), undefined, program.getCompilerOptions());
      assert.deepEqual(findings.map((finding) => `${basename(file)}:${finding.line}: ${finding.message}`), []);
    }
  });

  it('offers nothing where it wrote: the call, every expression in it, and the cursor anywhere in it', () => {
    let probes = 0;
    for (const fixture of offered) {
      const offer = offersOf(fixture).find((candidate) => 'edits' in candidate) as { edits: TextEdit[] };
      const span = writtenSpan(offer.edits);
      const program = written.get(fixture.file)!;
      const output = program.getSourceFile(fixture.file)!;
      const checker = program.getTypeChecker();
      const ranges = [span, ...expressionsIn(output, span)];
      for (let at = span.start; at <= span.end; at++) ranges.push({ start: at, end: at });
      for (const range of ranges) {
        probes++;
        const again = runInIsolateOffers(ts, output, checker, range, program.getCompilerOptions());
        assert.deepEqual(again, [], `${basename(fixture.file)} at ${range.start}-${range.end}: ${output.text.slice(range.start, range.end)}`);
      }
    }
    assert.ok(probes > 1000, `${probes} probes`);
  });
});
