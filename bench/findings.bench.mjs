// The findings engine over the 1M-event synthetic trace (syntheticTrace.mjs) against the
// time to read the same trace with the protocol's reader (parseTrace of its bytes): both
// bundled from src/ as the CLI bundles them, alternated round by round; the figure is the
// median of each round's findings-to-read ratio, with its spread. Target ≤ 0.25x.
// The synthetic trace lists its events isolate by isolate, so half its receives come before
// their sends (the worst case for pairing them); each round also times the same events in
// time order, as a recorded trace nearly is, for the note.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { syntheticTrace } from './syntheticTrace.mjs';
import { median, row } from './lib.mjs';

const ROUNDS = 11;
const root = fileURLToPath(new URL('..', import.meta.url));

/** The reader and the engine, bundled from their sources into one module. */
async function loadSources() {
  const dir = mkdtempSync(join(tmpdir(), 'isoscope-findings-bench-'));
  try {
    const entry = join(dir, 'entry.ts');
    writeFileSync(entry, `export { parseTrace } from ${JSON.stringify(join(root, 'src/protocol/traceReader'))};\nexport { findTraceFindings } from ${JSON.stringify(join(root, 'src/protocol/findings/engine'))};\n`);
    const out = join(dir, 'bundle.mjs');
    await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: out, logLevel: 'warning' });
    return await import(pathToFileURL(out).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function findingsBench() {
  const { parseTrace, findTraceFindings } = await loadSources();
  const bytes = new TextEncoder().encode(syntheticTrace());
  const reads = [];
  const finds = [];
  const ratios = [];
  const inTimeOrder = [];
  let events = 0;
  let found = [];
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    const trace = parseTrace(bytes);
    const read = performance.now() - started;
    started = performance.now();
    found = findTraceFindings(trace.list);
    const find = performance.now() - started;
    const sorted = [...trace.list].sort((a, b) => a.t - b.t);
    started = performance.now();
    findTraceFindings(sorted);
    inTimeOrder.push((performance.now() - started) / read);
    events = trace.list.length;
    reads.push(read);
    finds.push(find);
    ratios.push(find / read);
  }
  const ratio = median(ratios);
  const byRule = Object.entries(found.reduce((n, f) => ({ ...n, [f.rule]: (n[f.rule] ?? 0) + 1 }), {})).map(([rule, n]) => `${n} ${rule}`).join(', ');
  const spread = `${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}x`;
  const result = row(
    `findings over ${Math.round(events / 1000)}k events (50 isolates, 500k messages) vs reading the trace`,
    'ms',
    median(finds),
    median(reads),
    0.25,
    'lower',
    `medians of ${ROUNDS} alternated rounds; the ratio per round: median ${ratio.toFixed(3)}x, spread ${spread}; the same events in time order: median ${median(inTimeOrder).toFixed(3)}x (spread ${Math.min(...inTimeOrder).toFixed(3)}–${Math.max(...inTimeOrder).toFixed(3)}x); parseTrace of ${(bytes.length / 2 ** 20).toFixed(1)} MiB of NDJSON bytes (its event list is what the engine reads); findings: ${byRule || 'none'}`,
  );
  // The row's ratio is the median of the rounds' ratios, not the ratio of the medians.
  return [{ ...result, ratio, met: ratio <= 0.25, spread: [Math.min(...ratios), Math.max(...ratios)] }];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await findingsBench()) console.log(result);
}
