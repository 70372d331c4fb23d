// What the timeline benchmarks share: Debian's Chromium (headless, through playwright-core;
// never a downloaded browser), reports written by `isoscope report` as a user would, the time
// a report takes to open to its first frame, and the platform's floor for reading its trace.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { median } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Debian's Chromium, headless, with the flags the e2e tests use too (test/e2e/browser.ts). */
export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
}

/** Runs `isoscope <args>` (dist/cli.cjs), for at most 5 minutes; throws with its stderr when it fails. */
export function isoscope(...args) {
  const result = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000 });
  if (result.status !== 0) throw new Error(`isoscope ${args[0]} failed (exit ${result.status ?? result.signal}): ${result.stderr}`);
  return result;
}

/** The report of the trace file `trace` (`<dir>/<name>.html`); its file URL. */
export function reportOf(dir, trace, name) {
  const html = join(dir, `${name}.html`);
  isoscope('report', trace, '-o', html);
  return pathToFileURL(html).href;
}

/** The report of the trace `text` (written to `<dir>/<name>.isotrace` first). */
export function writeReport(dir, text, name = 'synthetic') {
  const trace = join(dir, `${name}.isotrace`);
  writeFileSync(trace, text);
  return reportOf(dir, trace, name);
}

/** The app's open probes, read in the page (the one place that names them): undefined until
 * the first frame with events is drawn. */
const readOpenProbes = () => {
  const app = window.isoscope;
  if (app?.firstFrameAt === undefined) return undefined;
  return { firstFrame: app.firstFrameAt, events: app.model.events.length, parse: app.loadTimings.parse, model: app.loadTimings.model };
};

/** The renderer main thread's CPU time so far (ms), from the DevTools protocol's Performance metrics. */
async function threadCpu(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ThreadTime').value * 1000;
}

/** Opens `url` in a new page and waits for its first frame: `firstFrame` (ms since the page
 * started), `events`, where the time went (`parse`: unpacking and parsing; `model`), and the
 * main thread's CPU time until then (`cpu`: on a shared machine, what the wait would be if the
 * page had the core to itself). */
async function openTime(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const cpuBefore = await threadCpu(cdp);
  await page.goto(url, { timeout: 120_000 });
  const probes = await page.waitForFunction(readOpenProbes, null, { timeout: 120_000 });
  const cpu = (await threadCpu(cdp)) - cpuBefore;
  await cdp.detach();
  return { page, ...(await probes.jsonValue()), cpu };
}

/** JSON.parse of every line of the report's trace (unpacked first, untimed), in its page: the
 * platform's floor for reading it. (The page lets go of its embedded copy once it has it.) */
function rawParse(page, url) {
  const html = readFileSync(fileURLToPath(url), 'utf8');
  const base64 = /<script type="application\/gzip;base64"[^>]*>([^<]*)<\/script>/.exec(html)[1];
  return page.evaluate(async (base64) => {
    const packed = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const text = await new Response(new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    const started = performance.now();
    let n = 0;
    for (const line of text.split('\n')) if (line) n += JSON.parse(line) ? 1 : 0;
    return { ms: performance.now() - started, n };
  }, base64);
}

/** Opens `url` `rounds` times (3 by default), each in a fresh page: the medians of the time to
 * the first frame, of its split, and of JSON.parse of the same lines. `withPage(page, round)`
 * runs on each opened page before it closes. */
export async function openMedians(browser, url, withPage = async () => {}, rounds = 3) {
  const opens = [];
  for (let round = 0; round < rounds; round++) {
    const { page, ...opened } = await openTime(browser, url);
    const raw = (await rawParse(page, url)).ms;
    await withPage(page, round);
    await page.close();
    opens.push({ ...opened, raw });
  }
  const of = (key) => median(opens.map((o) => o[key]));
  return { firstFrame: of('firstFrame'), parse: of('parse'), model: of('model'), cpu: of('cpu'), raw: of('raw'), events: opens.at(-1).events, rounds, each: opens.map((o) => o.firstFrame) };
}

/** How an open's time compares with the platform's floor, and where it went (for a row's note). */
export function openNote(open) {
  return `JSON.parse of the same lines alone took ${Math.round(open.raw)} ms in the same page (${(open.firstFrame / open.raw).toFixed(2)}x of it); unpacking and parsing ${Math.round(open.parse)} ms, building the model ${Math.round(open.model)} ms; the page's main thread ran ${Math.round(open.cpu)} ms of CPU until the first frame; medians of ${open.rounds}`;
}
