// Findings in the timeline, in a real browser (Debian's Chromium): traces of the findings
// fixtures (test/fixtures/findings), recorded now with the real tracer, show the count in the
// toolbar, the list, and a flag on the lane each finding names; choosing one zooms to it and
// selects its lane or its messages; a seed example with no findings shows none. Screenshots
// go to test-artifacts/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium, openPage, screenshot } from './browser.js';
import { debug, openWebview, post, root, vscodeCalls } from './webviewPage.js';

/** Runs `program` traced (send locations on), returning the trace's text. */
function recordTrace(dir: string, program: string): string {
  const trace = join(dir, `${program.replace(/\W/g, '-')}.isotrace`);
  const result = spawnSync(process.execPath, [join(root, 'out', program)], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ISOSCOPE_TRACE: trace, ISOSCOPE_CAPTURE_LOCATIONS: '1' } });
  assert.equal(result.status, 0, result.stderr);
  return readFileSync(trace, 'utf8');
}

/** Opens `text` in a webview page, as the .isotrace editor does, and waits for its findings. */
async function openTrace(browser: Browser, dir: string, name: string, text: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await openWebview(browser, dir);
  await post(opened.page, [{ type: 'open', name, text }]);
  await opened.page.waitForFunction(() => (globalThis as unknown as { isoscope: { findings: unknown } }).isoscope.findings !== undefined);
  await (await debug(opened.page)).evaluate((d) => d.draw());
  return opened;
}

/** The lane selected, by the details panel's heading, and the range shown (µs). */
async function selectedAndRange(page: Page): Promise<{ heading: string; range: [number, number] }> {
  const heading = (await page.locator('.details h2').textContent()) ?? '';
  const range = await (await debug(page)).evaluate((d) => d.visibleRange);
  return { heading, range };
}

describe('findings in the timeline (Chromium)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let dir: string;
  const traces = new Map<string, string>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'isoscope-e2e-findings-'));
    for (const program of ['test/fixtures/findings/crash.mjs', 'test/fixtures/findings/blocked-thread.mjs', 'test/fixtures/findings/undelivered-message.mjs', 'examples/computeExample.js']) traces.set(program, recordTrace(dir, program));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a crash: the count, the list entry, a flag on the crashed lane; choosing it zooms there and selects the lane', async () => {
    const { page, errors } = await openTrace(browser, dir, 'crash.isotrace', traces.get('test/fixtures/findings/crash.mjs')!);
    const handle = await debug(page);
    const findings = (await handle.evaluate((d) => d.findings))!;
    assert.deepEqual(findings.map((f) => [f.rule, f.severity]), [['crash', 'error']]);
    const crash = findings[0]!;
    const toggle = page.locator('.findings-toggle');
    assert.equal(await toggle.textContent(), 'Findings (1)');
    assert.equal(await toggle.getAttribute('data-severity'), 'error');
    // The flag is on the crashed isolate's lane (its label's row), at the finding's start.
    const flags = await handle.evaluate((d) => d.findingFlags());
    assert.deepEqual(flags.map((f) => [f.rule, f.isolate]), [['crash', crash.isolate]]);
    const label = await page.locator('.lane-label', { hasText: 'doomed' }).boundingBox();
    assert.ok(label && flags[0]!.y >= label.y - 1 && flags[0]!.y < label.y + label.height, `flag at y ${flags[0]!.y}, lane at ${label?.y}`);
    // Its tooltip says what it is.
    await page.mouse.move(flags[0]!.x, flags[0]!.y + 4);
    const tip = (await page.locator('.tooltip').textContent()) ?? '';
    assert.match(tip, /error: crash · doomed #\d+ at .*\n.*boom on purpose/);

    await toggle.click();
    const entries = page.locator('.findings .finding');
    assert.equal(await entries.count(), 1);
    const entry = (await entries.first().textContent()) ?? '';
    for (const part of ['crash', 'doomed', 'boom on purpose', 'crash.mjs:']) assert.ok(entry.includes(part), `${part} in ${entry}`);
    // The whole trace is shown, and nothing selected, until it is chosen.
    const before = await handle.evaluate((d) => d.visibleRange);
    assert.equal(await page.locator('.details').isHidden(), true);
    await entries.first().locator('.rule').click();
    const after = await selectedAndRange(page);
    assert.ok(after.range[0] <= crash.start && crash.start <= after.range[1], `${crash.start} in ${after.range}`);
    assert.ok(after.range[1] - after.range[0] < (before[1] - before[0]) / 4, `zoomed in from ${before} to ${after.range}`);
    assert.match(after.heading, /^doomed #\d+/);
    assert.equal(await entries.first().getAttribute('aria-current'), 'true');
    // The location is a link the host opens (VS Code), and following it chooses nothing else.
    await entries.first().locator('a.location').click();
    const opened = (await vscodeCalls(page)).posted.filter((m) => m.type === 'openLocation') as unknown as { location: { url: string; line: number } }[];
    assert.equal(opened.length, 1);
    assert.deepEqual(opened[0]!.location, crash.location);
    await screenshot(page, root, 'timeline-findings-crash');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a blocked main thread: choosing it zooms to its span and selects what waited; its flag chooses it too', async () => {
    const { page, errors } = await openTrace(browser, dir, 'blocked.isotrace', traces.get('test/fixtures/findings/blocked-thread.mjs')!);
    const handle = await debug(page);
    const [blocked] = (await handle.evaluate((d) => d.findings))!;
    assert.equal(blocked?.rule, 'blocked-thread');
    assert.equal(await page.locator('.findings-toggle').textContent(), 'Findings (1)');
    const [flag] = await handle.evaluate((d) => d.findingFlags());
    assert.equal(flag?.isolate, 0);
    await page.mouse.click(flag!.x, flag!.y + 4);
    const { heading, range } = await selectedAndRange(page);
    // The span, with a tenth more each side (less where the trace ends sooner).
    const span = blocked!.end! - blocked!.start;
    assert.ok(Math.abs(range[0] - (blocked!.start - span / 10)) < span / 100, `${range} starts a tenth before ${blocked!.start}`);
    assert.ok(range[1] >= blocked!.end! && range[1] <= blocked!.end! + span / 10 + 1, `${range} ends after ${blocked!.end}`);
    // It names the messages that waited: the first is selected (a message to main).
    const first = blocked!.related!.messages![0]!;
    assert.match(heading, /message/i);
    const details = (await page.locator('.details').textContent()) ?? '';
    assert.ok(details.includes('ticker') && details.includes('main'), details);
    assert.ok(details.includes(String(first.seq)), `seq ${first.seq} in ${details}`);
    await page.locator('.findings-toggle').click();
    await handle.evaluate((d) => d.draw());
    await screenshot(page, root, 'timeline-findings-blocked');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('undelivered messages: the warning on the sender, its entry selects the lost message', async () => {
    const { page, errors } = await openTrace(browser, dir, 'undelivered.isotrace', traces.get('test/fixtures/findings/undelivered-message.mjs')!);
    const handle = await debug(page);
    const [lost] = (await handle.evaluate((d) => d.findings))!;
    assert.equal(lost?.rule, 'undelivered-message');
    assert.equal(await page.locator('.findings-toggle').getAttribute('data-severity'), 'warning');
    await page.locator('.findings-toggle').click();
    await page.locator('.findings .finding .rule').first().click();
    const details = (await page.locator('.details').textContent()) ?? '';
    assert.ok(details.includes('Not received'), details);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a live session: findings while it goes on (none about messages still in flight), all of them once it ends', async () => {
    const { page, errors } = await openWebview(browser, dir);
    const handle = await debug(page);
    const events = traces.get('test/fixtures/findings/undelivered-message.mjs')!.trim().split('\n').slice(1).map((line) => JSON.parse(line) as unknown);
    const findings = () => handle.evaluate((d) => d.findings?.map((f) => f.rule));
    await post(page, [{ type: 'liveStart', name: 'Debug undelivered-message.mjs' }, { type: 'events', events }]);
    // Worked out while live (at most every 2 s), without waiting for the end.
    const started = Date.now();
    await page.waitForFunction(() => (globalThis as unknown as { isoscope: { findings: unknown } }).isoscope.findings !== undefined, null, { timeout: 10_000 });
    assert.ok(Date.now() - started < 8000);
    assert.deepEqual(await findings(), []);
    assert.equal(await page.locator('.findings-toggle').textContent(), 'No findings');
    await post(page, [{ type: 'liveEnd', reason: 'the program exited' }]);
    await page.waitForFunction(() => (globalThis as unknown as { isoscope: { findings: unknown[] } }).isoscope.findings.length > 0, null, { timeout: 10_000 });
    assert.deepEqual(await findings(), ['undelivered-message']);
    assert.equal(await page.locator('.findings-toggle').textContent(), 'Findings (1)');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('an offline report: the same findings, the location as text (no editor to open it in)', async () => {
    const trace = join(dir, 'report-crash.isotrace');
    writeFileSync(trace, traces.get('test/fixtures/findings/crash.mjs')!);
    const html = join(dir, 'report-crash.html');
    const result = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'report', trace, '-o', html], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    const { page, errors } = await openPage(browser, pathToFileURL(html).href);
    await page.waitForFunction(() => (globalThis as unknown as { isoscope: { findings: unknown } }).isoscope.findings !== undefined);
    const [crash] = (await (await debug(page)).evaluate((d) => d.findings))!;
    assert.equal(crash?.rule, 'crash');
    await page.locator('.findings-toggle').click();
    assert.equal(await page.locator('.findings .finding a').count(), 0);
    const { url, line, column } = crash.location!;
    assert.equal(await page.locator('.findings .finding code.location').textContent(), `${fileURLToPath(url)}:${line}:${column}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a trace with no findings: "No findings", no flags', async () => {
    const { page, errors } = await openTrace(browser, dir, 'compute.isotrace', traces.get('examples/computeExample.js')!);
    const handle = await debug(page);
    assert.deepEqual(await handle.evaluate((d) => d.findings), []);
    assert.deepEqual(await handle.evaluate((d) => d.findingFlags()), []);
    const toggle = page.locator('.findings-toggle');
    assert.equal(await toggle.textContent(), 'No findings');
    assert.equal(await toggle.isDisabled(), true);
    await screenshot(page, root, 'timeline-findings-none');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
