// `isoscope findings`, and the Findings sections of `summary` and `record`, run as users run
// them on traces `isoscope record` writes of the fixtures.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTraceFindings } from '../../../../src/protocol/findings/engine';
import { parseTrace } from '../../../../src/protocol/traceReader';
import { cli, findingsFixtures, lineOf, root } from './fixtureTraces';

function isoscope(args: string[], extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  if (!extraEnv['ISOSCOPE_CAPTURE_LOCATIONS']) delete env['ISOSCOPE_CAPTURE_LOCATIONS'];
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('isoscope findings (command line)', function () {
  this.timeout(120_000);
  let dir: string;
  let crash: string;
  let undelivered: string;
  let clean: string;
  let recordedCrash: ReturnType<typeof isoscope>;
  let recordedUndelivered: ReturnType<typeof isoscope>;
  let recordedUndeliveredWhere: ReturnType<typeof isoscope>;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'isoscope-findings-cli-'));
    crash = join(dir, 'crash.isotrace');
    undelivered = join(dir, 'undelivered.isotrace');
    clean = join(dir, 'clean.isotrace');
    recordedCrash = isoscope(['record', '-o', crash, '--', process.execPath, join(findingsFixtures, 'crash.mjs')]);
    recordedUndelivered = isoscope(['record', '-o', undelivered, '--', process.execPath, join(findingsFixtures, 'undelivered-message.mjs')]);
    recordedUndeliveredWhere = isoscope(['record', '-o', join(dir, 'where.isotrace'), '--', process.execPath, join(findingsFixtures, 'undelivered-message.mjs')], { ISOSCOPE_CAPTURE_LOCATIONS: '1' });
    assert.equal(isoscope(['record', '-o', clean, '--', process.execPath, join(findingsFixtures, 'undelivered-message.mjs'), 'near']).status, 0);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('record ends its summary with the findings; with ISOSCOPE_CAPTURE_LOCATIONS=1, where lost messages were sent from', () => {
    assert.equal(recordedCrash.status, 0, recordedCrash.stderr);
    assert.match(recordedCrash.stderr, /total \(\d+\)[^]*\nFindings \(1\):\n {2}[\d.]+ ms {2}error {4}crash {2}isolate \d+ {2}out\/test\/fixtures\/findings\/crash\.mjs:\d+:\d+ {2}doomed \(isolate \d+\) died of an uncaught error: Error: boom on purpose/);
    assert.equal(recordedUndelivered.status, 0, recordedUndelivered.stderr);
    // A stack capture per send is not paid by default: the finding names no place.
    assert.match(recordedUndelivered.stderr, /Findings \(1\):\n {2}[\d.]+ ms {2}warning {2}undelivered-message {2}isolate 0 {2}- {2}3 messages sent by main/);
    assert.equal(recordedUndeliveredWhere.status, 0, recordedUndeliveredWhere.stderr);
    const line = lineOf(join(findingsFixtures, 'undelivered-message.mjs'), 'inbox.send(`late');
    assert.match(recordedUndeliveredWhere.stderr, new RegExp(`Findings \\(1\\):\\n {2}[\\d.]+ ms {2}warning {2}undelivered-message {2}isolate 0 {2}out/test/fixtures/findings/undelivered-message\\.mjs:${line}:\\d+ {2}3 messages sent by main`));
  });

  it('one line per finding with its time, isolate and location; "no findings" when none', () => {
    const result = isoscope(['findings', crash]);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 1);
    const [found] = findTraceFindings(parseTrace(readFileSync(crash)).list);
    assert.equal(lines[0], `${`${(found!.start / 1000).toFixed(1)} ms`.padStart(10)}  error    crash  isolate ${found!.isolate}  out/test/fixtures/findings/crash.mjs:${found!.location!.line}:${found!.location!.column}  ${found!.message}`);
    const none = isoscope(['findings', clean]);
    assert.equal(none.status, 0);
    assert.equal(none.stdout, 'no findings\n');
  });

  it('--json: { "findings": [...] }, the engine\'s findings', () => {
    const result = isoscope(['findings', undelivered, '--json']);
    assert.equal(result.status, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(json), ['findings']);
    assert.deepEqual(json.findings, JSON.parse(JSON.stringify(findTraceFindings(parseTrace(readFileSync(undelivered)).list))));
    assert.equal(json.findings[0].rule, 'undelivered-message');
    assert.deepEqual(JSON.parse(isoscope(['findings', clean, '--json']).stdout), { findings: [] });
  });

  it('--fail-on: exit code 1 when a finding reaches the severity, else 0', () => {
    assert.equal(isoscope(['findings', crash, '--fail-on', 'error']).status, 1);
    assert.equal(isoscope(['findings', crash, '--fail-on', 'warning']).status, 1);
    assert.equal(isoscope(['findings', undelivered, '--fail-on', 'warning']).status, 1);
    assert.equal(isoscope(['findings', undelivered, '--fail-on', 'error']).status, 0);
    assert.equal(isoscope(['findings', clean, '--fail-on', 'warning', '--json']).status, 0);
  });

  it('usage errors: one line, exit code 2', () => {
    for (const args of [['findings'], ['findings', crash, crash], ['findings', crash, '--fail-on', 'info'], ['findings', crash, '--fail-on'], ['findings', crash, '--nope']]) {
      const result = isoscope(args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /^isoscope: /);
      assert.equal(result.stdout, '');
    }
  });

  it('an unreadable or malformed trace: one line, exit code 1', () => {
    const garbage = join(dir, 'garbage.isotrace');
    writeFileSync(garbage, 'this is not a trace\n\u0000\u0001\n');
    const malformed = isoscope(['findings', garbage]);
    assert.equal(malformed.status, 1);
    assert.match(malformed.stderr, /^isoscope: .*garbage\.isotrace is not an isotrace file \(error: line 1: line is not valid JSON/);
    assert.equal(malformed.stderr.trim().split('\n').length, 1, malformed.stderr);
    const missing = isoscope(['findings', join(dir, 'missing.isotrace'), '--fail-on', 'error']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^isoscope: cannot read .*missing\.isotrace: ENOENT/);
    assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
  });

  it('summary: a Findings section at the end, and `findings` in --json', () => {
    const text = isoscope(['summary', crash]);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /\n\nFindings \(1\):\n {2}[\d.]+ ms {2}error {4}crash .*boom on purpose.*\n$/);
    const clean_ = isoscope(['summary', clean]);
    assert.match(clean_.stdout, /\n\nFindings \(0\):\n {2}none\n$/);
    const json = JSON.parse(isoscope(['summary', crash, '--json']).stdout);
    assert.ok(Array.isArray(json.isolates) && json.totals);
    assert.deepEqual(json.findings.map((f: { rule: string }) => f.rule), ['crash']);
  });
});
