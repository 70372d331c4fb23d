// The isoscope command line, run as users run it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, lstatSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { cli, fixtures, root } from './traceHelpers.js';

function isoscope(args: string[], cwd = root) {
  // npm must not look for its own updates (this machine may have no network).
  const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('isoscope command line', function () {
  this.timeout(60_000);
  let dir: string;
  let trace: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'isoscope-cli-'));
    trace = join(dir, 'out.isotrace');
    const recorded = isoscope(['record', '-o', trace, '--', process.execPath, join(fixtures, 'rawWorkers.cjs')]);
    assert.equal(recorded.status, 0, recorded.stderr);
    assert.match(recorded.stderr, new RegExp(`written to ${trace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(recorded.stderr, /total \(4\)/, 'the one-screen summary');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('record traces a program started through npm (an npm script runs node)', () => {
    const project = join(dir, 'project');
    spawnSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'p', scripts: { start: `node ${JSON.stringify(join(fixtures, 'rawWorkers.cjs'))}` } }));
    const out = join(dir, 'npm.isotrace');
    const recorded = isoscope(['record', '-o', out, '--', 'npm', 'run', '--silent', 'start'], project);
    assert.equal(recorded.status, 0, recorded.stderr);
    const summary = JSON.parse(isoscope(['summary', out, '--json']).stdout);
    assert.deepEqual(summary.isolates.map((i: { debugName: string }) => i.debugName), ['main', 'a', 'b', 'c']);
  });

  it('record reads a trace that grows while the program runs as the file holds it', () => {
    const out = join(dir, 'steady.isotrace');
    const recorded = isoscope(['record', '-o', out, '--', process.execPath, join(fixtures, 'steadyEcho.cjs')]);
    assert.equal(recorded.status, 0, recorded.stderr);
    assert.equal(recorded.stdout.trim(), '24000');
    // Several MB, read while written (lines cut at the reads' ends): the same events as the file.
    const events = Number(/\((\d+) events\) written/.exec(recorded.stderr)?.[1]);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(events, lines.length - 1);
    assert.ok(events >= 48_000, `${events} events`);
    const summary = JSON.parse(isoscope(['summary', out, '--json']).stdout);
    assert.equal(summary.totals.messagesSent, 48_000);
    assert.doesNotMatch(recorded.stderr, /problem|error/i);
  });

  it('record prints the summary and findings that summary prints for the file it wrote (its findings found as it read the trace)', () => {
    const out = join(dir, 'waiting.isotrace');
    const recorded = isoscope(['record', '-o', out, '--', process.execPath, join(fixtures, 'waitingWorkers.cjs')]);
    assert.equal(recorded.status, 0, recorded.stderr);
    const summary = isoscope(['summary', out]).stdout.trim();
    assert.match(summary, /Findings \(\d+\):[\s\S]*mostly-waiting.*waiter/, 'the waiter, parked in Atomics.wait, mostly waits');
    assert.ok(recorded.stderr.includes(summary), recorded.stderr);
  });

  it('summary --json: one object with a row per isolate and the totals', () => {
    const result = isoscope(['summary', trace, '--json']);
    assert.equal(result.status, 0, result.stderr);
    const summary = JSON.parse(result.stdout);
    assert.equal(summary.isolates.length, 4);
    for (const row of summary.isolates) {
      assert.deepEqual(Object.keys(row).sort(), ['busyPercent', 'bytesReceived', 'bytesSent', 'debugName', 'exitReason', 'exitedAt', 'id', 'messagesReceived', 'messagesSent', 'parentId', 'peakHeapBytes', 'pid', 'spawnedAt'].sort());
      assert.ok(['returned', 'exited', 'killed', 'error', 'running'].includes(row.exitReason));
    }
    const a = summary.isolates.find((r: { debugName: string }) => r.debugName === 'a');
    assert.equal(a.parentId, 0);
    assert.equal(a.exitReason, 'returned');
    assert.ok(a.messagesSent >= 11 && a.bytesSent > 0 && a.peakHeapBytes > 0);
    assert.equal(summary.totals.isolates, 4);
    assert.equal(summary.totals.messagesSent, summary.isolates.reduce((n: number, r: { messagesSent: number }) => n + r.messagesSent, 0));
  });

  it('summary prints a table', () => {
    const result = isoscope(['summary', trace]);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^id +name +parent/);
    assert.match(result.stdout, /queue latency: p50/);
  });

  it('export --format chrome: threads named per isolate, lifetimes, flow arrows, heap counters', () => {
    const out = join(dir, 'chrome.json');
    const result = isoscope(['export', '--format', 'chrome', trace, '-o', out]);
    assert.equal(result.status, 0, result.stderr);
    const chrome = JSON.parse(readFileSync(out, 'utf8'));
    const events = chrome.traceEvents as { ph: string; name: string; tid?: number; id?: number; args?: { name?: string } }[];
    assert.deepEqual(events.filter((e) => e.name === 'thread_name').map((e) => e.args!.name).sort(), ['a (#1)', 'b (#2)', 'c (#3)', 'main (#0)']);
    assert.equal(events.filter((e) => e.ph === 'X' && (e as { cat?: string }).cat === 'isolate').length, 4);
    const starts = events.filter((e) => e.ph === 's');
    const finishes = events.filter((e) => e.ph === 'f');
    const summary = JSON.parse(isoscope(['summary', trace, '--json']).stdout);
    // One arrow per delivery: every receive in this trace has its send.
    assert.equal(starts.length, summary.totals.messagesReceived);
    assert.equal(finishes.length, summary.totals.messagesReceived);
    for (const f of finishes) assert.ok(starts.some((s) => s.id === f.id), 'every arrow end has its start');
    assert.ok(events.some((e) => e.ph === 'C' && e.name.startsWith('heap')));
  });

  it('usage errors: one line, exit code 2', () => {
    for (const args of [['bogus'], ['summary'], ['export', trace, '-o', 'x.json'], ['export', '--format', 'svg', trace, '-o', 'x.json'], ['record'], ['summary', trace, '--nope'], ['report'], ['report', trace, trace]]) {
      const result = isoscope(args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /^isoscope: /);
    }
  });

  it('report: one self-contained HTML file with the trace inside, loading nothing from anywhere', () => {
    const html = join(dir, 'timeline.html');
    const result = isoscope(['report', trace, '-o', html]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /isoscope: the timeline of .*out\.isotrace \(\d+ events\) is in .*timeline\.html/);
    const page = readFileSync(html, 'utf8');
    assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
    assert.doesNotMatch(page, /<(script|link|img)[^>]+(src|href)=/i, 'no external script, style or image');
    const packed = /<script type="application\/gzip;base64" id="isoscope-trace" data-name="out\.isotrace">([^<]*)<\/script>/.exec(page);
    assert.ok(packed, 'the trace is embedded');
    assert.equal(gunzipSync(Buffer.from(packed[1]!, 'base64')).toString('utf8'), readFileSync(trace, 'utf8'));
    const missing = isoscope(['report', join(dir, 'missing.isotrace')]);
    assert.equal(missing.status, 1);
    assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
  });

  it('input errors: one line, exit code 1', () => {
    const missing = isoscope(['summary', join(dir, 'missing.isotrace')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^isoscope: cannot read .*missing\.isotrace: ENOENT/);
    const notNode = isoscope(['record', '-o', join(dir, 'x.isotrace'), '--', 'true']);
    assert.equal(notNode.status, 1);
    assert.match(notNode.stderr, /no Node\.js process started by `true` was traced/);
    const noCommand = isoscope(['record', '--', 'isoscope-no-such-command']);
    assert.equal(noCommand.status, 1);
    assert.match(noCommand.stderr, /command not found/);
  });

  it('a damaged trace: problems on stderr with line numbers, the summary of what is good', () => {
    const damaged = join(dir, 'damaged.isotrace');
    const lines = readFileSync(trace, 'utf8').split('\n');
    lines[3] = '{"type":"send", garbage';
    writeFileSync(damaged, lines.join('\n'));
    const result = isoscope(['summary', damaged, '--json']);
    assert.equal(result.status, 0);
    assert.match(result.stderr, /damaged\.isotrace: error: line 4: line is not valid JSON/);
    assert.equal(JSON.parse(result.stdout).isolates.length, 4);
    assert.ok(existsSync(damaged));
  });

  it('record writes the trace through a link at -o, as a copy does (the link stays a link)', function () {
    if (process.platform === 'win32') this.skip();
    const target = join(dir, 'target.isotrace');
    const link = join(dir, 'link.isotrace');
    writeFileSync(target, 'an older trace\n');
    symlinkSync(target, link);
    const recorded = isoscope(['record', '-o', link, '--', process.execPath, join(fixtures, 'rawWorkers.cjs')]);
    assert.equal(recorded.status, 0, recorded.stderr);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.match(readFileSync(target, 'utf8'), /^\{"format":"isotrace"/);
  });

  it('record writes a copy: a traced process that outlives the command does not write on into the -o file', async () => {
    // The command starts a detached process with a worker that goes on messaging for a second
    // after the command (and record) have ended; its trace is the one kept.
    const program = join(dir, 'outlives.cjs');
    writeFileSync(program, `
      const { spawn } = require('node:child_process');
      if (process.argv[2] !== 'child') {
        spawn(process.execPath, [__filename, 'child'], { detached: true, stdio: 'ignore' }).unref();
        setTimeout(() => {}, 300);
      } else {
        const { Worker } = require('node:worker_threads');
        const worker = new Worker('setInterval(() => require("node:worker_threads").parentPort.postMessage(1), 5)', { eval: true });
        worker.on('message', () => {});
        setTimeout(() => process.exit(0), 1500);
      }
    `);
    const out = join(dir, 'outlives.isotrace');
    const result = isoscope(['record', '-o', out, '--', process.execPath, program]);
    assert.equal(result.status, 0, result.stderr);
    const written = readFileSync(out, 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(readFileSync(out, 'utf8'), written, 'the -o file did not change after record ended');
  });

  it('record returns the program\'s exit code, with the trace written', () => {
    const out = join(dir, 'failing.isotrace');
    const result = isoscope(['record', '-o', out, '--', process.execPath, join(fixtures, 'lifecycle.mjs'), 'mainExits']);
    assert.equal(result.status, 3);
    assert.match(result.stderr, /the program exited with code 3/);
    assert.ok(existsSync(out));
  });
});
