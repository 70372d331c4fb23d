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

const line = (r) => `| ${r.name} | ${fmt(r.ours)} ${r.unit} | ${fmt(r.peer)} ${r.unit} | ${r.ratio.toFixed(3)}x | ${r.spread ? `${r.spread[0].toFixed(3)}–${r.spread[1].toFixed(3)}x` : 'budget'} | ${r.target} | ${r.met ? 'yes' : '**no**'} | ${r.note} |`;
const HEADER = ['| benchmark | ours | peer | ratio (median) | spread | target | met | notes |', '|---|---|---|---|---|---|---|---|'];

const results = new URL('./RESULTS.md', import.meta.url);
const previous = existsSync(results) ? readFileSync(results, 'utf8') : '';
// The table above the first section is rewritten; every section under it (the notes of
// single benches, compare.mjs's before-and-after) stays. A run of some suites
// (`npm run bench -- <name>…`) replaces their rows and keeps the others, each row saying
// when it was measured.
const kept = previous.indexOf('\n## ');
const today = new Date().toISOString().slice(0, 10);
let lines;
if (only.length === 0) lines = rows.map((r) => line({ ...r, note: `${r.note} (${today})` }));
else {
  const fresh = new Map(rows.map((r) => [r.name, line({ ...r, note: `${r.note} (${today}, \`npm run bench -- ${only.join(' ')}\`)` })]));
  const head = kept < 0 ? previous : previous.slice(0, kept);
  lines = head.split('\n').filter((l) => l.startsWith('| ') && !HEADER.includes(l) && !l.startsWith('| benchmark |')).map((l) => {
    const name = l.slice(2, l.indexOf(' | '));
    const replaced = fresh.get(name);
    fresh.delete(name);
    if (replaced) return replaced;
    // A row of the table's earlier layout (no spread column) gets an empty one.
    const cells = l.split(' | ');
    return cells.length === 7 ? [...cells.slice(0, 4), '—', ...cells.slice(4)].join(' | ') : l;
  });
  lines.push(...fresh.values());
}
writeFileSync(
  results,
  `# Benchmark results\n\nWritten by \`npm run bench\` (each row's note ends with the day it was measured).\n\nMachine: ${machine()}.\nThis machine is shared and noisy: read the ratios (peer measured in the same run, rounds alternated: the median of the rounds' ratios and their spread), not the absolute times. A row whose spread says "budget" compares against a fixed target, not a peer.\n\n${[...HEADER, ...lines].join('\n')}\n${kept < 0 ? '' : previous.slice(kept)}`,
);
console.log('bench: wrote bench/RESULTS.md');
