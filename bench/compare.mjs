// Before and after: runs the same benchmark suites in this checkout and in another one (an
// earlier commit, built: `git worktree add ../before <commit> && (cd ../before && npm ci &&
// npm run build)`), alternating them round by round so that this shared machine's noise hits
// both, and writes each row's ratios (median and range) to a section of bench/RESULTS.md.
//   node bench/compare.mjs <other checkout> [--rounds 6] [--label "issue 10"] [suite …]
// Suites are named as for runAll.mjs (default: ports tracing).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machine, median } from './lib.mjs';

const { values, positionals } = parseArgs({ options: { rounds: { type: 'string', default: '6' }, label: { type: 'string' } }, allowPositionals: true });
const [other, ...suites] = positionals;
if (!other || !existsSync(resolve(other, 'dist/index.cjs'))) {
  console.error('usage: node bench/compare.mjs <other checkout, built> [--rounds 6] [--label text] [suite …]');
  process.exit(2);
}
const here = fileURLToPath(new URL('..', import.meta.url));
const sides = { before: resolve(other), after: here };
const rounds = Number(values.rounds);
const label = values.label ?? `${gitHead(sides.before)} → ${gitHead(sides.after)}`;
const chosen = suites.length > 0 ? suites : ['ports', 'tracing'];

/** Each row's ratio per side, over the rounds. */
const ratios = new Map();
for (let round = 1; round <= rounds; round++) {
  for (const [side, dir] of round % 2 ? Object.entries(sides) : Object.entries(sides).reverse()) {
    process.stdout.write(`compare: round ${round}/${rounds}, ${side}…\n`);
    const run = spawnSync(process.execPath, ['bench/runAll.mjs', ...chosen], { cwd: dir, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${side}: bench/runAll.mjs failed: ${run.stderr}`);
    for (const match of run.stdout.matchAll(/^ {2}(.+?): ours .*? ratio ([\d.]+)x/gm)) {
      const row = ratios.get(match[1]) ?? { before: [], after: [] };
      row[side].push(Number(match[2]));
      ratios.set(match[1], row);
    }
  }
}

const spread = (list) => (list.length === 0 ? '-' : `${median(list).toFixed(3)}x (${Math.min(...list).toFixed(3)}–${Math.max(...list).toFixed(3)})`);
const table = [
  '| benchmark | before: median (range) | after: median (range) |',
  '|---|---|---|',
  ...[...ratios].map(([name, row]) => `| ${name} | ${spread(row.before)} | ${spread(row.after)} |`),
].join('\n');
console.log(table);

const heading = `## Before and after: ${label}`;
const section = `${heading}\n\nWritten by \`node bench/compare.mjs\` on ${new Date().toISOString().slice(0, 10)}: ${rounds} rounds of \`${chosen.join(' ')}\` in each checkout, alternated. Machine: ${machine()}. Ratios as in the table above (each against its peer measured in the same run).\n\n${table}\n`;
const results = new URL('./RESULTS.md', import.meta.url);
const text = existsSync(results) ? readFileSync(results, 'utf8') : '# Benchmark results\n';
const at = text.indexOf(heading);
const next = at < 0 ? -1 : text.indexOf('\n## ', at + heading.length);
writeFileSync(results, at < 0 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, at)}${section}${next < 0 ? '' : text.slice(next + 1)}`);
console.log('compare: wrote its section of bench/RESULTS.md');

function gitHead(dir) {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' });
  return head.status === 0 ? head.stdout.trim() : dir;
}
