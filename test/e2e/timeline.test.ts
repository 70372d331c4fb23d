// The timeline in a real browser (Debian's Chromium): reports of the seed examples, and of
// traces made to be awkward. Screenshots of each view go to test-artifacts/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { TimelineDebug } from '../../webview/src/timelineDebug';
import { launchChromium, openPage, screenshot } from './browser.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'dist/cli.cjs');
const examples = ['sumWhileTicking', 'killTimer', 'parseJson', 'conversation', 'computeExample', 'copyVsTransfer'];

interface Summary {
  isolates: { id: number; debugName: string; messagesSent: number; messagesReceived: number; peakHeapBytes: number }[];
  totals: { messagesSent: number };
}

function run(args: string[], env: Record<string, string> = {}): string {
  const result = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** The report of a trace file: its URL. */
function report(trace: string, html: string): string {
  run([cli, 'report', trace, '-o', html]);
  return pathToFileURL(html).href;
}

/** The page's debug handle (window.isoscope); host messages are written here as plain JSON, as a host sends them. */
type Debug = Omit<TimelineDebug, 'handle'> & { handle(message: unknown): void };
const debug = (page: Page) => page.evaluateHandle(() => (globalThis as unknown as { isoscope: Debug }).isoscope);

async function headerCounts(page: Page): Promise<{ isolates: number; messages: number; events: number }> {
  const text = (await page.locator('.counts').textContent()) ?? '';
  const match = /([\d,]+) isolates · ([\d,]+) messages · ([\d,]+) events/.exec(text);
  assert.ok(match, `header line: ${text}`);
  const n = (s: string) => Number(s.replace(/,/g, ''));
  return { isolates: n(match[1]!), messages: n(match[2]!), events: n(match[3]!) };
}

describe('timeline in Chromium', function () {
  this.timeout(180_000);
  let browser: Browser;
  let dir: string;
  const reports = new Map<string, { url: string; summary: Summary; events: number }>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'isoscope-e2e-'));
    for (const name of examples) {
      const trace = join(dir, `${name}.isotrace`);
      run([join(root, 'out/examples', `${name}.js`)], { ISOSCOPE_TRACE: trace });
      const summary = JSON.parse(run([cli, 'summary', trace, '--json'])) as Summary;
      const events = readFileSync(trace, 'utf8').trim().split('\n').length - 1; // all but the header
      reports.set(name, { url: report(trace, join(dir, `${name}.html`)), summary, events });
    }
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows one lane per isolate, named and counted as isoscope summary counts them', async () => {
    for (const name of examples) {
      const { url, summary, events } = reports.get(name)!;
      const { page, errors } = await openPage(browser, url);
      const labels = await page.locator('.lane-label .name').allTextContents();
      assert.deepEqual([...labels].sort(), summary.isolates.map((i) => i.debugName).sort(), name);
      assert.equal(labels[0], 'main', `${name}: main comes first`);
      const counts = await headerCounts(page);
      assert.deepEqual(counts, { isolates: summary.isolates.length, messages: summary.totals.messagesSent, events }, name);
      await screenshot(page, root, `timeline-${name}`);
      assert.deepEqual(errors, []);
      await page.close();
    }
  });

  it('hovering a message shows its size, port and queue latency; clicking opens its details', async () => {
    const { page, errors } = await openPage(browser, reports.get('conversation')!.url);
    const handle = await debug(page);
    // Messages close in time share an arrow (×N) at this zoom, as many as the run's timing
    // put together: zoom in where an arrow starts, as a user would, until one stands for one
    // message (zooming at its middle could leave both its ends out of view).
    let points = await handle.evaluate((d) => d.arrowPoints());
    for (let zoom = 0; zoom < 12 && points.length > 0 && !points.some((p) => p.count === 1); zoom++) {
      await page.mouse.move(points[0]!.sendX, points[0]!.y);
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(50);
      points = await handle.evaluate((d) => d.arrowPoints());
    }
    const single = points.find((p) => p.count === 1);
    assert.ok(single, `an arrow for one message among ${points.length}: ${JSON.stringify(points.map((p) => p.count))}`);
    await page.mouse.move(single.x, single.y);
    const tooltip = page.locator('.tooltip');
    await tooltip.waitFor({ state: 'visible' });
    const text = (await tooltip.textContent()) ?? '';
    assert.match(text, /message \S+ → \S+/);
    assert.match(text, /queue latency [\d.]+ (µs|ms)/);
    assert.match(text, /\d+ (B|KB|MB) (copied|transferred)/);
    await screenshot(page, root, 'timeline-tooltip');
    await page.mouse.click(single.x, single.y);
    const details = page.locator('.details');
    await details.waitFor({ state: 'visible' });
    assert.match((await details.locator('h2').textContent()) ?? '', /^Message /);
    assert.equal(await details.locator('dl.event').count(), 2, 'its send and its receive');
    assert.match((await details.textContent()) ?? '', /queue latency/);
    await screenshot(page, root, 'timeline-message-details');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('zooms and pans on time only: wheel, keyboard, drag, the overview brush, fit all', async () => {
    const { page, errors } = await openPage(browser, reports.get('sumWhileTicking')!.url);
    const d = await debug(page);
    const range = () => d.evaluate((x) => x.visibleRange);
    const [t0, t1] = await range();
    const plot = page.locator('.plot');
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 40);
    await page.mouse.wheel(0, -600);
    await page.waitForTimeout(100);
    const [z0, z1] = await range();
    assert.ok(z1 - z0 < (t1 - t0) / 2, `wheel zoomed in: ${z1 - z0} < ${(t1 - t0) / 2}`);
    const scrolled = await page.locator('.scroller').evaluate((s) => s.scrollTop);
    assert.equal(scrolled, 0, 'the lanes did not scroll: zoom is on time only');
    // Drag right: earlier times come into view.
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 200, box.y + 60, { steps: 5 });
    await page.mouse.up();
    const [p0, p1] = await range();
    assert.ok(p0 < z0 && Math.abs(p1 - p0 - (z1 - z0)) < 1e-6 * (z1 - z0) + 1, 'dragged: same span, earlier');
    await plot.focus();
    await page.keyboard.press('0');
    assert.deepEqual(await range(), [t0, t1], 'fit all (0)');
    await page.keyboard.press('+');
    await page.waitForTimeout(50);
    const [k0, k1] = await range();
    assert.ok(k1 - k0 < t1 - t0, 'keyboard zoom (+)');
    await screenshot(page, root, 'timeline-zoomed');
    await page.getByRole('button', { name: 'Fit all' }).click();
    assert.deepEqual(await range(), [t0, t1], 'Fit all button');
    // The brush: drag across the middle of the overview strip.
    const overview = (await page.locator('.overview-brush').boundingBox())!;
    await page.mouse.move(overview.x + overview.width * 0.25, overview.y + 20);
    await page.mouse.down();
    await page.mouse.move(overview.x + overview.width * 0.5, overview.y + 20, { steps: 5 });
    await page.mouse.up();
    const [b0, b1] = await range();
    const quarter = (t1 - t0) / 4;
    assert.ok(Math.abs(b0 - (t0 + quarter)) < quarter * 0.05 && Math.abs(b1 - (t0 + 2 * quarter)) < quarter * 0.05, `brushed [${b0}, ${b1}]`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('filters hide lanes and messages; search finds isolates by name and by port name', async () => {
    const { page, errors } = await openPage(browser, reports.get('conversation')!.url);
    const before = await page.locator('.lane-label').count();
    await page.getByRole('button', { name: 'Filters' }).click();
    const boxes = page.locator('.isolate-list input[type=checkbox]');
    await boxes.nth(1).uncheck();
    assert.equal(await page.locator('.lane-label').count(), before - 1);
    await screenshot(page, root, 'timeline-filters');
    await boxes.nth(1).check();
    assert.equal(await page.locator('.lane-label').count(), before);
    const shown = () => debug(page).then((d) => d.evaluate((x) => { x.draw(); return x.drawnBundles; }));
    assert.ok((await shown()) > 0);
    await page.locator('#iso-kind-messages').uncheck();
    assert.equal(await shown(), 0, 'messages hidden');
    await page.locator('#iso-kind-messages').check();
    await page.keyboard.press('Escape');
    const search = page.getByRole('searchbox');
    await search.fill('main');
    assert.deepEqual(await page.locator('.lane-label .name').allTextContents(), ['main']);
    await search.fill('no such isolate');
    assert.equal(await page.locator('.lane-label').count(), 0);
    await search.fill('');
    assert.equal(await page.locator('.lane-label').count(), before);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('stats: one row per isolate with the figures of isoscope summary, and a latency histogram', async () => {
    const { url, summary } = reports.get('conversation')!;
    const { page, errors } = await openPage(browser, url);
    await page.getByRole('button', { name: 'Stats' }).click();
    const rows = page.locator('.stats-table tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), summary.isolates.length);
    for (const isolate of summary.isolates) {
      const cells = await page.locator(`.stats-table tr[data-isolate="${isolate.id}"] td`).allTextContents();
      assert.equal(cells[0], isolate.debugName);
      assert.equal(Number(cells[2]!.replace(/,/g, '')), isolate.messagesSent);
      assert.equal(Number(cells[3]!.replace(/,/g, '')), isolate.messagesReceived);
    }
    assert.ok((await page.locator('.histogram .bar').count()) > 0);
    await screenshot(page, root, 'timeline-stats');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a trace of several processes: a heading per process, its isolates under it, IPC messages drawn from process to process', async () => {
    const trace = join(dir, 'forks.isotrace');
    run([cli, 'record', '-o', trace, '--', process.execPath, join(root, 'out/test/fixtures/tracing/forks.cjs')]);
    const { page, errors } = await openPage(browser, report(trace, join(dir, 'forks.html')));
    const headings = await page.locator('.process-heading').allTextContents();
    assert.equal(headings.length, 3, headings.join(' | '));
    assert.match(headings[0]!, /^pid \d+ node forks\.cjs$/);
    assert.match(headings[1]!, /^pid \d+ node forks\.cjs doubler$/);
    assert.match(headings[2]!, /^pid \d+ node forks\.cjs threads$/);
    // Who started each is in its tooltip.
    assert.match((await page.locator('.process-heading').nth(1).getAttribute('title')) ?? '', /^process \d+ \(node forks\.cjs doubler\), started by \d+$/);
    // Each process's main isolate, and the worker thread under the third.
    assert.deepEqual(await page.locator('.lane-label .name').allTextContents(), ['main', 'main', 'main', 'helper']);
    const tops = (selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => (e as unknown as { offsetTop: number }).offsetTop));
    const [lanes, headingTops] = [await tops('.lane-label'), await tops('.process-heading')];
    assert.ok(headingTops[0]! < lanes[0]! && lanes[0]! < headingTops[1]! && headingTops[1]! < lanes[1]! && lanes[1]! < headingTops[2]! && headingTops[2]! < lanes[2]!, 'each heading above its lanes');
    const handle = await debug(page);
    assert.deepEqual(await headerCounts(page), { isolates: 4, messages: 7, events: await handle.evaluate((d) => d.model.events.length) });
    // The three numbers there and the three back join the first two processes' lanes.
    const between = await handle.evaluate((d) => {
      const m = d.model.messages;
      const lanes = d.model.lanes;
      const pairs: string[] = [];
      for (let row = 0; row < m.count; row++) pairs.push(`${lanes[m.from[row]!]!.process.index}->${lanes[m.to[row]!]!.process.index}`);
      return pairs.sort();
    });
    assert.deepEqual(between, ['0->1', '0->1', '0->1', '1->0', '1->0', '1->0', '2->2']);
    await screenshot(page, root, 'timeline-processes');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("follows the system's dark theme in a plain browser (VS Code's theme variables win inside VS Code)", async () => {
    const { url } = reports.get('copyVsTransfer')!;
    const page = await browser.newPage({ viewport: { width: 1400, height: 820 }, colorScheme: 'dark' });
    await page.goto(url);
    await page.waitForFunction(() => (globalThis as unknown as { isoscope?: Debug }).isoscope?.firstFrameAt !== undefined);
    // (Page code as strings: these tests type-check without the DOM library.)
    const colours = (await page.evaluate('({ background: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(document.body).color })')) as { background: string; text: string };
    assert.equal(colours.background, 'rgb(13, 17, 23)');
    assert.equal(colours.text, 'rgb(230, 237, 243)');
    // The canvas is painted in the same background.
    const pixel = await page.evaluate("Array.from(document.querySelector('.plot-canvas').getContext('2d').getImageData(2, 200, 1, 1).data.slice(0, 3))");
    assert.deepEqual(pixel, [13, 17, 23]);
    await screenshot(page, root, 'timeline-dark');
    await page.close();
  });

  it('opens a report whose page may not start a worker: it unpacks the trace itself', async () => {
    const html = join(dir, 'no-worker.html');
    const page0 = readFileSync(fileURLToPath(reports.get('conversation')!.url), 'utf8');
    assert.ok(page0.includes('; worker-src blob:'));
    writeFileSync(html, page0.replace('; worker-src blob:', ''));
    const { page, errors } = await openPage(browser, pathToFileURL(html).href);
    await page.locator('.lane-label').first().waitFor();
    assert.deepEqual(await headerCounts(page), await (async () => {
      const { summary, events } = reports.get('conversation')!;
      return { isolates: summary.isolates.length, messages: summary.totals.messagesSent, events };
    })());
    // The worker was refused (the browser says so), and that is the only complaint.
    assert.ok(errors.length > 0, 'the policy refused the worker');
    assert.ok(errors.every((e) => /worker/i.test(e) && /Content Security Policy/i.test(e)), errors.join('\n'));
    await page.close();
  });

  describe('awkward traces', () => {
    const header = JSON.stringify({ format: 'isotrace', version: 1, clock: 'us', pid: 1, argv: ['node'], startTime: '2026-01-01T00:00:00.000Z' });
    const write = (name: string, lines: unknown[]): string => {
      const file = join(dir, `${name}.isotrace`);
      writeFileSync(file, `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
      return report(file, join(dir, `${name}.html`));
    };

    it('text from a trace is shown as text: a debugName that is HTML runs nothing', async () => {
      const evil = '<img src=x onerror=alert(1)>';
      const url = write('injection', [
        header,
        { type: 'spawn', t: 10, isolate: 1, parent: 0, debugName: evil, kind: 'function', entry: '</script><script>alert(2)</script>' },
        { type: 'portOpen', t: 20, isolate: 1, port: '1:1', debugName: '<b onmouseover=alert(3)>port</b>' },
        { type: 'exit', t: 90, isolate: 1, reason: 'error', error: { message: '<svg onload=alert(4)>', stack: '<script>alert(5)</script>' } },
        { type: 'exit', t: 100, isolate: 0, reason: 'returned' },
      ]);
      const { page, errors } = await openPage(browser, url);
      const labels = await page.locator('.lane-label .name').allTextContents();
      assert.ok(labels.includes(evil), 'the name appears literally');
      await page.locator('.lane-label', { hasText: 'onerror' }).click();
      const details = (await page.locator('.details').textContent()) ?? '';
      assert.ok(details.includes('<script>alert(5)</script>') && details.includes('</script><script>alert(2)</script>'));
      await page.getByRole('button', { name: 'Stats' }).click();
      await page.locator('.stats-table').waitFor();
      assert.equal(await page.locator('img, .isoscope svg[onload], b[onmouseover]').count(), 0, 'no element was made from trace text');
      await page.waitForTimeout(200);
      await screenshot(page, root, 'timeline-injection');
      assert.deepEqual(errors, [], 'no dialog, no error');
      await page.close();
    });

    it('a crash marker opens the error and its stack', async () => {
      const url = write('crash', [
        header,
        { type: 'spawn', t: 10, isolate: 1, parent: 0, debugName: 'parser', kind: 'run', entry: 'parse', location: { url: 'file:///app/main.js', line: 12, column: 5 } },
        { type: 'running', t: 20, isolate: 1 },
        { type: 'exit', t: 5000, isolate: 1, reason: 'error', error: { message: 'Unexpected token } in JSON', stack: 'SyntaxError: Unexpected token } in JSON\n    at parse (file:///app/parse.js:3:9)' } },
        { type: 'exit', t: 6000, isolate: 0, reason: 'returned' },
      ]);
      const { page, errors } = await openPage(browser, url);
      const plot = (await page.locator('.plot').boundingBox())!;
      // The marker sits on the parser's bar (lane 2) at its exit time.
      const range = await (await debug(page)).evaluate((d) => d.visibleRange);
      const x = plot.x + ((5000 - range[0]) / (range[1] - range[0])) * plot.width;
      const y = plot.y + 46 + 11;
      await page.mouse.move(x, y);
      assert.match((await page.locator('.tooltip').textContent()) ?? '', /parser crashed: Unexpected token/);
      await page.mouse.click(x, y);
      assert.match((await page.locator('.details pre.error').textContent()) ?? '', /at parse \(file:\/\/\/app\/parse\.js:3:9\)/);
      // In a report, where it was spawned is file:line text (in VS Code, a link to the editor).
      assert.equal(await page.locator('.details code.location').textContent(), '/app/main.js:12:5');
      assert.equal(await page.locator('.details a', { hasText: 'main.js' }).count(), 0);
      await screenshot(page, root, 'timeline-crash');
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('a worker killed as it waited for work (a pool shutting down) is marked as an ordinary end, and says so', async () => {
      const worker = (id: number): object => ({ type: 'spawn', t: 10 * id, isolate: id, parent: 0, debugName: `worker ${id}`, kind: 'worker', entry: 'pool.js' });
      const url = write('killed-idle', [
        header,
        worker(1), worker(2), { type: 'running', t: 30, isolate: 1 }, { type: 'running', t: 40, isolate: 2 },
        { type: 'kill', t: 5000, isolate: 1, by: 0, priority: 'immediate', idle: true },
        { type: 'kill', t: 5000, isolate: 2, by: 0, priority: 'immediate' },
        { type: 'exit', t: 5010, isolate: 1, reason: 'killed' },
        { type: 'exit', t: 5010, isolate: 2, reason: 'killed' },
        { type: 'exit', t: 6000, isolate: 0, reason: 'returned' },
      ]);
      const { page, errors } = await openPage(browser, url);
      const plot = (await page.locator('.plot').boundingBox())!;
      const range = await (await debug(page)).evaluate((d) => d.visibleRange);
      const x = plot.x + ((5010 - range[0]) / (range[1] - range[0])) * plot.width;
      // The colour at a marker's centre, where its strokes cross (page coordinates to the canvas's).
      const markerColour = (lane: number): Promise<unknown> => page.evaluate(`(() => {
        const c = document.querySelector('.plot-canvas'); const box = c.getBoundingClientRect(); const scale = c.width / box.width;
        return Array.from(c.getContext('2d').getImageData(Math.round((${x} - box.left) * scale), Math.round((${plot.y + 46 * lane + 11} - box.top) * scale), 1, 1).data.slice(0, 3)).join();
      })()`);
      const idleY = plot.y + 46 + 11;
      await page.mouse.move(x, idleY);
      assert.match((await page.locator('.tooltip').textContent()) ?? '', /worker 1 killed while it waited for work at /);
      await page.mouse.move(x, idleY + 46);
      assert.match((await page.locator('.tooltip').textContent()) ?? '', /worker 2 killed at /);
      const [idleColour, killedColour] = [await markerColour(1), await markerColour(2)];
      assert.notEqual(idleColour, killedColour, 'the two ends are drawn in different colours');
      await page.mouse.click(x, idleY);
      assert.match((await page.locator('.details').textContent()) ?? '', /ended5\.01 ms \(killed as it waited for work: a pool shutting down\)/);
      await screenshot(page, root, 'timeline-killed-idle');
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('an empty trace shows how to record one; a broken one quotes the reader with line numbers', async () => {
      const empty = await openPage(browser, write('empty', [header]));
      assert.match((await empty.page.locator('.empty-state').textContent()) ?? '', /No trace yet.*isoscope record/s);
      await screenshot(empty.page, root, 'timeline-empty');
      assert.deepEqual(empty.errors, []);
      await empty.page.close();
      const broken = await openPage(browser, write('broken', [header, '{"type":"spawn","t":', 'binary \u0000 junk']));
      const text = (await broken.page.locator('.error-state').textContent()) ?? '';
      assert.match(text, /cannot be read/);
      assert.match(text, /line 2: line is not valid JSON/);
      assert.match(text, /line 3/);
      await screenshot(broken.page, root, 'timeline-error');
      assert.deepEqual(broken.errors, []);
      await broken.page.close();
    });
  });

  it('a host opens a whole trace, then streams a live one: appended batches update the view without a reload; follow live keeps the newest time in view', async () => {
    const { page, errors } = await openPage(browser, reports.get('computeExample')!.url);
    const d = await debug(page);
    // A host (the extension) may also send a whole trace's text: it replaces what is shown.
    const text = readFileSync(join(dir, 'conversation.isotrace'), 'utf8');
    await d.evaluate((x, t) => x.handle({ type: 'open', name: 'sent by the host', text: t }), text);
    await page.locator('.lane-label .name', { hasText: 'analyst' }).waitFor();
    assert.deepEqual(await headerCounts(page), { isolates: reports.get('conversation')!.summary.isolates.length, messages: reports.get('conversation')!.summary.totals.messagesSent, events: reports.get('conversation')!.events });
    assert.equal(await page.locator('.title').textContent(), 'sent by the host');
    assert.deepEqual(await page.locator('.isolate-list label').allTextContents(), [' main #0', ' analyst #1'], 'the filter list names the new trace\'s isolates');
    await d.evaluate((x) => x.handle({ type: 'liveStart', name: 'live session' }));
    assert.match((await page.locator('.empty-state').textContent()) ?? '', /Waiting for the first events/);
    await d.evaluate((x) => {
      const events = [{ type: 'running', t: 0, isolate: 0 }, { type: 'spawn', t: 5, isolate: 1, parent: 0, debugName: 'live-worker', kind: 'function', entry: 'f' }];
      x.handle({ type: 'events', events });
    });
    await page.locator('.lane-label', { hasText: 'live-worker' }).waitFor();
    for (let batch = 0; batch < 5; batch++) {
      await d.evaluate((x, b) => {
        const events = [];
        for (let i = 0; i < 100; i++) {
          const t = 1000 * (b * 100 + i) + 10;
          events.push({ type: 'send', t, isolate: 0, channel: 1 + b, seq: i, to: 1, bytes: 32, transferred: 0 });
          events.push({ type: 'receive', t: t + 40, isolate: 1, channel: 1 + b, seq: i });
        }
        x.handle({ type: 'events', events });
      }, batch);
      // A live flood is shown at most every 100 ms (webview/src/liveRefresh.ts).
      const started = Date.now();
      let counts = await headerCounts(page);
      while (counts.messages !== (batch + 1) * 100 && Date.now() - started < 1000) {
        await page.waitForTimeout(20);
        counts = await headerCounts(page);
      }
      assert.equal(counts.messages, (batch + 1) * 100);
      assert.ok(Date.now() - started < 300, `the header caught up in ${Date.now() - started} ms`);
      const [, t1] = await d.evaluate((x) => { x.draw(); return x.visibleRange; });
      assert.ok(t1 >= 1000 * ((batch + 1) * 100 - 1), `the newest time (${t1}) is in view`);
    }
    assert.match((await page.locator('.counts').textContent()) ?? '', /live/);
    // An isolate seen before its spawn (threads are drained in turn) is named when the spawn comes.
    await d.evaluate((x) => x.handle({ type: 'events', events: [{ type: 'running', t: 600_000, isolate: 9 }] }));
    await d.evaluate((x) => x.handle({ type: 'events', events: [{ type: 'spawn', t: 590_000, isolate: 9, parent: 1, debugName: 'late-named', kind: 'worker', entry: 'w.js' }] }));
    await page.waitForTimeout(150);
    assert.ok((await page.locator('.isolate-list label').allTextContents()).includes(' late-named #9'), 'the filter list too');
    assert.ok((await page.locator('.lane-label .name').allTextContents()).includes('late-named'));
    await d.evaluate((x) => x.handle({ type: 'liveEnd', reason: 'the debug session stopped' }));
    await page.waitForTimeout(50);
    assert.match((await page.locator('.counts').textContent()) ?? '', /live session ended: the debug session stopped/);
    await screenshot(page, root, 'timeline-live');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
