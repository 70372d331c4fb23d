// `npm run bench`: runs every benchmark, prints the ratios and writes bench/RESULTS.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { machine } from './lib.mjs';

const suites = [
  ['ports', './ports.bench.mjs'],
  ['start-up', './spawn.bench.mjs'],
  ['Isolate.run back-to-back', './runLoop.bench.mjs'],
  ['Isolate.run result', './runResult.bench.mjs'],
  ['IsolatePool', './pool.bench.mjs'],
  ['tracing', './tracing.bench.mjs'],
  ['tracing a pool library', './tinypool.bench.mjs'],
  ['timeline', './timeline.bench.mjs'],
  ['timeline, a real program', './timelineReal.bench.mjs'],
  ['findings', './findings.bench.mjs'],
  ['extension', './extension.bench.mjs'],
  ['capture check', './captureCheck.bench.mjs'],
];

const only = process.argv.slice(2);
const rows = [];
for (const [name, file] of suites) {
  if (only.length > 0 && !only.some((o) => name.toLowerCase().includes(o.toLowerCase()))) continue;
  process.stdout.write(`bench: ${name}…\n`);
  const run = (await import(file)).default;
  for (const r of await run()) {
    rows.push(r);
    console.log(`  ${r.name}: ours ${fmt(r.ours)} ${r.unit}, peer ${fmt(r.peer)} ${r.unit}, ratio ${r.ratio.toFixed(3)}x${spread(r)} (target ${r.target}) ${r.met ? 'met' : 'NOT MET'}`);
  }
}

/** A ratio row's spread over its rounds, or nothing for a row against a fixed budget. */
function spread(r) {
  return r.spread ? ` (${r.spread[0].toFixed(3)}–${r.spread[1].toFixed(3)}x)` : '';
}

function fmt(n) {
  return n >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n >= 10 ? 1 : 3);
}

const table = [
  '| benchmark | ours | peer | ratio (median) | spread | target | met | notes |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${fmt(r.ours)} ${r.unit} | ${fmt(r.peer)} ${r.unit} | ${r.ratio.toFixed(3)}x | ${r.spread ? `${r.spread[0].toFixed(3)}–${r.spread[1].toFixed(3)}x` : 'budget'} | ${r.target} | ${r.met ? 'yes' : '**no**'} | ${r.note} |`),
].join('\n');

if (only.length === 0) {
  const results = new URL('./RESULTS.md', import.meta.url);
  // The table above the first section is rewritten; every section under it (the notes of
  // single benches, compare.mjs's before-and-after) stays.
  const previous = existsSync(results) ? readFileSync(results, 'utf8') : '';
  const kept = previous.indexOf('\n## ');
  writeFileSync(
    results,
    `# Benchmark results\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.\n\nMachine: ${machine()}.\nThis machine is shared and noisy: read the ratios (peer measured in the same run, rounds alternated: the median of the rounds' ratios and their spread), not the absolute times. A row whose spread says \"budget\" compares against a fixed target, not a peer.\n\n${table}\n${kept < 0 ? '' : previous.slice(kept)}`,
  );
  console.log('bench: wrote bench/RESULTS.md');
}
