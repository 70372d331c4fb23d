// The timeline opening a real program's trace: bench/manySendersProgram.mjs (20 isolates each
// sending 25,000 small messages to one ReceivePort in main, over a million events) recorded
// with `isoscope record` at bench time, so the trace is always in the current format and the
// runtime's own shapes, then written into a report by `isoscope report` and opened in Debian's
// Chromium like the synthetic trace (bench/timeline.bench.mjs): time to the first frame.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isoscope, launchChromium, openMedians, openNote, reportOf } from './timelinePage.mjs';
import { row } from './lib.mjs';

const program = fileURLToPath(new URL('./manySendersProgram.mjs', import.meta.url));
const BUDGET_MS = 2000;

export default async function timelineRealBench() {
  const dir = mkdtempSync(join(tmpdir(), 'isoscope-timeline-real-'));
  try {
    const trace = join(dir, 'real.isotrace');
    isoscope('record', '-o', trace, '--', process.execPath, program);
    const bytes = statSync(trace).size;
    const url = reportOf(dir, trace, 'real');
    const packed = statSync(fileURLToPath(url)).size;
    const browser = await launchChromium();
    let open;
    try {
      open = await openMedians(browser, url);
    } finally {
      await browser.close();
    }
    if (process.env.TIMELINE_BENCH_DETAIL) console.log(open);
    const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;
    const note = `peer = the 2 s budget; ${open.events.toLocaleString('en-US')} events, ${mib(bytes)} of NDJSON recorded by isoscope record, in a ${mib(packed)} report; ${openNote(open)}`;
    return [row(`timeline: open a recorded ${Math.round(open.events / 1000)}k-event trace (20 isolates, 500k messages to main) to first frame`, 'ms', open.firstFrame, BUDGET_MS, 1, 'lower', note)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
