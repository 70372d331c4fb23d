// The timeline as the VS Code extension hosts it (webviewPage.ts), in Debian's Chromium: a
// trace file streamed in pieces, a live session's processes' text, the debugger's stops, the
// view kept across a reload. Screenshots go to test-artifacts/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from './browser.js';
import { debug, forks, openWebview, post, recordForks, root, vscodeCalls } from './webviewPage.js';

/** A process's trace file of a live run, as the extension forwards it. */
interface ProcessText {
  pid: number;
  origin: number;
  lines: string[];
  /** Each line's time on the monotonic clock (the header's: its first event's). */
  times: number[];
}

function processText(text: string): ProcessText {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = JSON.parse(lines[0]!) as { pid: number; origin: number };
  const times = lines.map((l, i) => (i === 0 ? NaN : header.origin + (JSON.parse(l) as { t: number }).t));
  times[0] = times[1] ?? header.origin;
  return { pid: header.pid, origin: header.origin, lines, times };
}

/** The processes' lines as they would arrive live: in time order across processes (each
 * process's own order kept), a few lines a message; every fifth message cut mid-line in two. */
function liveMessages(processes: ProcessText[]): { type: 'liveText'; pid: number; text: string }[] {
  const next = processes.map(() => 0);
  const out: { type: 'liveText'; pid: number; text: string }[] = [];
  for (;;) {
    let pick = -1;
    processes.forEach((p, i) => {
      if (next[i]! < p.lines.length && (pick < 0 || p.times[next[i]!]! < processes[pick]!.times[next[pick]!]!)) pick = i;
    });
    if (pick < 0) break;
    const p = processes[pick]!;
    const take = p.lines.slice(next[pick], next[pick]! + 3);
    next[pick]! += take.length;
    const text = take.map((l) => `${l}\n`).join('');
    if (out.length % 5 === 4 && text.length > 10) {
      const cut = Math.floor(text.length / 2);
      out.push({ type: 'liveText', pid: p.pid, text: text.slice(0, cut) }, { type: 'liveText', pid: p.pid, text: text.slice(cut) });
    } else {
      out.push({ type: 'liveText', pid: p.pid, text });
    }
  }
  return out;
}

/** Lane names, process headings (their commands: pids differ between runs) and header counts. */
async function shownLanes(page: Page): Promise<{ lanes: string[]; headings: string[]; counts: string }> {
  // The counts line is written with the next frame: after it.
  await page.evaluate(() => new Promise((resolve) => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => resolve(null))));
  const headings = (await page.locator('.process-heading').allTextContents()).map((h) => h.replace(/^pid \d+ /, ''));
  return { lanes: await page.locator('.lane-label .name').allTextContents(), headings, counts: (await page.locator('.counts').textContent()) ?? '' };
}

describe('timeline in a VS Code webview: files, live sessions, the debugger, reloads (Chromium)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let dir: string;
  /** The forks fixture recorded by isoscope record (one merged trace). */
  let recorded: string;
  /** Another run of it, each process's trace as its own file, as a live session's processes write them. */
  let live: ProcessText[];
  /** An npm-like process: it only samples its heap, and starts no isolate. */
  let npm: ProcessText;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'isoscope-e2e-live-'));
    recorded = recordForks(dir);
    const files = join(dir, 'live');
    mkdirSync(files);
    const run = spawnSync(process.execPath, [forks], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ISOSCOPE_TRACE: join(files, 'trace-%p.isotrace'), NODE_OPTIONS: `--require "${join(root, 'dist/register.cjs')}"` } });
    assert.equal(run.status, 0, run.stderr);
    live = readdirSync(files).map((f) => processText(readFileSync(join(files, f), 'utf8')));
    assert.equal(live.length, 4, 'the program, its two forks and the `node -e 0` it runs');
    const first = live.reduce((a, b) => (a.times[0]! < b.times[0]! ? a : b));
    const end = Math.max(...live.map((p) => p.times.at(-1)! - first.origin));
    const heap = Array.from({ length: 200 }, (_, i) => JSON.stringify({ type: 'heap', t: Math.round(((i - 5) * end) / 190), isolate: 0, used: 4e6, total: 8e6, external: 0, elu: 0.02 }));
    npm = processText([JSON.stringify({ format: 'isotrace', version: 2, clock: 'us', pid: 4194301, argv: ['node', '/usr/lib/node_modules/npm/bin/npm-cli.js', 'start'], startTime: '2026-01-01T00:00:00.000Z', origin: first.origin }), ...heap].join('\n'));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a file streamed in pieces cut mid-line shows what the whole text shows, with progress; a later open supersedes it; a file that stops short keeps what was read, and says why', async () => {
    const { page, errors } = await openWebview(browser, dir);
    const posted = (await vscodeCalls(page)).posted as { type: string; bootMs?: number }[];
    assert.deepEqual(posted.map((m) => m.type), ['ready'], 'the page says it is ready');
    assert.ok(typeof posted[0]!.bootMs === 'number' && posted[0]!.bootMs > 0, 'and how long its loading took');
    const text = readFileSync(recorded, 'utf8');
    await post(page, [{ type: 'open', name: 'forks.isotrace', text }]);
    await page.locator('.lane-label').first().waitFor();
    const whole = await shownLanes(page);
    assert.deepEqual(whole.lanes, ['main', 'main', 'main', 'helper']);
    assert.deepEqual(whole.headings, ['node forks.cjs', 'node forks.cjs doubler', 'node forks.cjs threads']);
    const pieces: string[] = [];
    for (let at = 0; at < text.length; at += 777) pieces.push(text.slice(at, at + 777));
    assert.ok(pieces.some((p) => !p.endsWith('\n')), 'pieces cut lines');
    const size = Buffer.byteLength(text);
    // The first pieces: reading shows how far it got, of how much.
    await post(page, [{ type: 'fileStart', name: 'streamed.isotrace', size }, ...pieces.slice(0, 3).map((p) => ({ type: 'fileText', text: p }))]);
    await page.locator('.loading-state', { hasText: /Reading streamed\.isotrace: [\d,]+ events \([\d.]+ K?B of [\d.]+ KB\)…/ }).waitFor();
    await screenshot(page, root, 'timeline-file-progress');
    await post(page, [...pieces.slice(3).map((p) => ({ type: 'fileText', text: p })), { type: 'fileEnd' }]);
    await page.locator('.loading-state').waitFor({ state: 'hidden' });
    assert.deepEqual(await shownLanes(page), whole);
    assert.equal(await page.locator('.title').textContent(), 'streamed.isotrace');
    assert.equal(await page.locator('.problems').isHidden(), true, 'no problem in a file cut anywhere');

    // A file that stops half way: what came is shown, and why it stops.
    const half = pieces.slice(0, Math.ceil(pieces.length / 2));
    await post(page, [{ type: 'fileStart', name: 'cut.isotrace', size }, ...half.map((p) => ({ type: 'fileText', text: p })), { type: 'fileError', message: 'the disk went away' }]);
    await page.locator('.problems', { hasText: 'cut.isotrace could not be read to its end (the disk went away); what was read is shown' }).waitFor();
    const d = await debug(page);
    const events = await d.evaluate((x) => x.model.events.length);
    assert.ok(events > 0 && events < Number(/([\d,]+) events/.exec(whole.counts)![1]!.replace(/,/g, '')), `${events} events of the first half`);
    assert.ok((await page.locator('.lane-label').count()) > 0);
    await screenshot(page, root, 'timeline-file-error');

    // A later open supersedes a file still coming: its further pieces are not read.
    const other = `${JSON.stringify({ format: 'isotrace', version: 2, clock: 'us', pid: 7, argv: ['node', 'other.js'], startTime: '2026-01-01T00:00:00.000Z' })}\n{"type":"spawn","t":5,"isolate":1,"parent":0,"debugName":"other-worker","kind":"worker","entry":"w.js"}\n{"type":"exit","t":50,"isolate":1,"reason":"returned"}\n`;
    await post(page, [{ type: 'fileStart', name: 'slow.isotrace', size }, { type: 'fileText', text: pieces[0] }, { type: 'open', name: 'other.isotrace', text: other }, ...pieces.slice(1).map((p) => ({ type: 'fileText', text: p })), { type: 'fileEnd' }]);
    await page.locator('.lane-label .name', { hasText: 'other-worker' }).waitFor();
    await page.waitForTimeout(300);
    assert.equal(await page.locator('.title').textContent(), 'other.isotrace');
    assert.deepEqual((await shownLanes(page)).lanes, ['main', 'other-worker']);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("a live session's processes: a heading per process that started isolates or used IPC (not npm, not `node -e 0`), lanes as isoscope record shows them; its end says why; a new session starts from nothing", async () => {
    const { page, errors } = await openWebview(browser, dir);
    await post(page, [{ type: 'liveStart', name: 'Debug forks.cjs' }]);
    assert.match((await page.locator('.empty-state').textContent()) ?? '', /Waiting for the first events/);
    const messages = liveMessages([...live, npm]);
    assert.ok(messages.some((m) => !m.text.endsWith('\n')), 'some pieces cut lines');
    // The first half: the program and its IPC child are shown, npm and `node -e 0` are not.
    await post(page, messages.slice(0, messages.length / 2));
    assert.ok((await page.locator('.process-heading').count()) >= 1);
    await screenshot(page, root, 'timeline-live-half');
    await post(page, messages.slice(messages.length / 2));
    await page.locator('.process-heading').nth(2).waitFor();
    const shown = await shownLanes(page);
    assert.deepEqual(shown.headings, ['node forks.cjs', 'node forks.cjs doubler', 'node forks.cjs threads']);
    assert.deepEqual(shown.lanes, ['main', 'main', 'main', 'helper']);
    assert.match(shown.counts, /^4 isolates · 7 messages · [\d,]+ events · live$/);
    assert.equal(await page.locator('.process-heading', { hasText: 'npm' }).count(), 0);
    assert.equal(await page.locator('.problems').isHidden(), true);
    await post(page, [{ type: 'liveEnd', reason: 'the debug session stopped' }]);
    // (The counts line is written with the next frame.)
    await page.locator('.counts', { hasText: /^4 isolates · 7 messages · [\d,]+ events · live session ended: the debug session stopped$/ }).waitFor();
    await screenshot(page, root, 'timeline-live-ended');
    // A new session (the host replays after a reload, say) starts from nothing.
    await post(page, [{ type: 'liveStart', name: 'Debug again' }]);
    assert.equal(await page.locator('.lane-label').count(), 0);
    await page.locator('.counts', { hasText: /^0 isolates · 0 messages · 0 events · live$/ }).waitFor();
    // The extension's progress reports: the lines read, and the lanes, told at once when lanes came.
    const told = await page.evaluate(() => (globalThis as unknown as { vscodeCalls: { posted: { type: string; lines?: number; lanes?: number }[] } }).vscodeCalls.posted.filter((m) => m.type === 'shown'));
    const lines = messages.reduce((n, m) => n + m.text.split('\n').length - 1, 0);
    assert.ok(told.some((m) => m.lines === lines && m.lanes === 4), `the host was told every line was read: ${JSON.stringify(told.slice(-3))}`);
    // With nothing to show, the host's hint on how to start.
    await post(page, [{ type: 'idle', hint: 'Press F5 on a Node.js program.' }]);
    await page.locator('.empty-state', { hasText: /Nothing traced yet\s*Press F5 on a Node\.js program\./ }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("the debugger's stops: a band on each thread it stopped, from the stop to the resume (open while stopped), also for a process not yet shown when it stopped", async () => {
    const { page, errors } = await openWebview(browser, dir);
    const parent = live.find((p) => /forks\.cjs"\]/.test(p.lines[0]!))!;
    const threads = live.find((p) => p.lines[0]!.includes('"threads"'))!;
    const helper = JSON.parse(threads.lines.find((l) => l.includes('"spawn"'))!) as { isolate: number; t: number };
    const exit = JSON.parse(threads.lines.find((l) => l.includes('"exit"') && l.includes(`"isolate":${helper.isolate}`)) ?? 'null') as { t: number } | null;
    const origin = parent.origin;
    const pausedAt = helper.t + ((exit?.t ?? helper.t + 2000) - helper.t) / 2;
    const parentEnd = Math.max(...parent.times.slice(1)) - origin;
    // The session starts; the debugger stops the helper thread before its process is shown (its text comes later).
    await post(page, [
      { type: 'liveStart', name: 'Debug forks.cjs' },
      { type: 'debugPause', state: 'paused', pid: threads.pid, isolates: [helper.isolate], at: threads.origin + pausedAt, reason: 'breakpoint' },
      ...liveMessages([...live, npm]),
    ]);
    await page.locator('.process-heading').nth(2).waitFor();
    // The parent's every thread stops (a step), and goes on.
    await post(page, [
      { type: 'debugPause', state: 'paused', pid: parent.pid, at: origin + parentEnd * 0.3, reason: 'step' },
      { type: 'debugPause', state: 'resumed', pid: parent.pid, at: origin + parentEnd * 0.45 },
    ]);
    const d = await debug(page);
    const spans = await d.evaluate((x) => (x.draw(), x.pauseSpans()));
    const near = (a: number, b: number) => Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(b));
    assert.equal(spans.length, 2, JSON.stringify(spans));
    const onParent = spans.find((s) => s.pid === parent.pid)!;
    assert.equal(onParent.isolate, 0);
    assert.ok(near(onParent.from, parentEnd * 0.3) && near(onParent.to!, parentEnd * 0.45), JSON.stringify(onParent));
    assert.equal(onParent.reason, 'step');
    const onHelper = spans.find((s) => s.pid === threads.pid)!;
    assert.equal(onHelper.isolate, helper.isolate);
    assert.ok(near(onHelper.from, pausedAt + threads.origin - origin), JSON.stringify(onHelper));
    assert.equal(onHelper.to, undefined, 'still paused');
    assert.ok(onHelper.x2 - onHelper.x1 >= 4 && onParent.x2 > onParent.x1);
    // The band says what it is.
    await page.mouse.move(onHelper.x2 - 2, onHelper.y1 + 2);
    assert.match((await page.locator('.tooltip').textContent()) ?? '', /^helper #\d+ paused at breakpoint\nfrom [\d.]+ (µs|ms|s), still paused$/);
    await screenshot(page, root, 'timeline-live-paused');
    await page.mouse.move(onParent.x1 + 3, onParent.y1 + 2);
    assert.match((await page.locator('.tooltip').textContent()) ?? '', /^main #0 paused after a step\nfrom .*, to .* \(.*\)$/);
    // The helper goes on.
    await post(page, [{ type: 'debugPause', state: 'resumed', pid: threads.pid, at: threads.origin + pausedAt + 500 }]);
    assert.ok(near((await d.evaluate((x) => (x.draw(), x.pauseSpans()))).find((s) => s.pid === threads.pid)!.to!, pausedAt + 500 + threads.origin - origin));
    // A new session forgets them.
    await post(page, [{ type: 'liveStart', name: 'Debug again' }]);
    assert.equal(await d.evaluate((x) => (x.draw(), x.pauseSpans().length)), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('keeps the visible range and the selection across a reload (setState), and puts them back once the replayed trace reaches them', async () => {
    const session = [{ type: 'liveStart', name: 'Debug forks.cjs' }, ...liveMessages([...live, npm])];
    const first = await openWebview(browser, dir);
    await post(first.page, session);
    await first.page.locator('.process-heading').nth(2).waitFor();
    // Stop following, zoom in on the middle, select the helper's lane.
    await first.page.locator('#iso-follow').uncheck();
    const box = (await first.page.locator('.plot').boundingBox())!;
    await first.page.mouse.move(box.x + box.width / 2, box.y + 30);
    await first.page.mouse.wheel(0, -500);
    await first.page.waitForTimeout(100);
    await first.page.locator('.lane-label', { hasText: 'helper' }).click();
    const d1 = await debug(first.page);
    const range = await d1.evaluate((x) => x.visibleRange);
    await first.page.waitForTimeout(500);
    const { states } = await vscodeCalls(first.page);
    // Saved as it changed, at most every 300 ms: a few saves, not one per wheel step.
    assert.ok(states.length >= 1 && states.length <= 4, `${states.length} saves`);
    const saved = states.at(-1)!;
    assert.equal(saved.name, 'Debug forks.cjs');
    assert.deepEqual(saved.view, range);
    assert.equal(saved.follow, false);
    assert.equal(saved.selection?.kind, 'lane');
    const threads = live.find((p) => p.lines[0]!.includes('"threads"'))!;
    assert.equal(saved.selection?.pid, threads.pid);
    await first.page.close();

    // The page is reloaded with that state, and the host replays the session.
    const second = await openWebview(browser, dir, { state: saved });
    await post(second.page, session);
    await second.page.locator('.process-heading').nth(2).waitFor();
    const d2 = await debug(second.page);
    assert.deepEqual(await d2.evaluate((x) => (x.draw(), x.visibleRange)), range);
    assert.equal(await second.page.locator('#iso-follow').isChecked(), false);
    assert.match((await second.page.locator('.details h2').textContent()) ?? '', /^helper #\d+$/);
    await screenshot(second.page, root, 'timeline-view-restored');
    assert.deepEqual(second.errors, []);
    await second.page.close();

    // A state saved for another trace is left alone.
    const third = await openWebview(browser, dir, { state: { ...saved, name: 'another session' } });
    await post(third.page, session);
    await third.page.locator('.process-heading').nth(2).waitFor();
    const [t0, t1] = await (await debug(third.page)).evaluate((x) => (x.draw(), x.visibleRange));
    assert.ok(t0 <= 0 && t1 - t0 > range[1] - range[0], 'the whole trace, followed live');
    assert.equal(await third.page.locator('.details').isHidden(), true);
    assert.deepEqual([...first.errors, ...third.errors], []);
    await third.page.close();
  });
});
