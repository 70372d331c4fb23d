// `npm run demo`: runs every example in turn and says what each one shows; each run is traced,
// and the demo ends by writing the timeline of every example (one HTML report each, and an
// index page linking them) and printing where it is.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const examples = [
  ['sumWhileTicking', 'Isolate.run keeps the main thread responsive during a long computation'],
  ['killTimer', 'kill with Isolate.immediate stops a periodic-timer isolate at once'],
  ['parseJson', 'Isolate.run reads and parses a JSON file off the main thread (import() inside the isolate)'],
  ['conversation', 'a long-lived two-way conversation: the isolate sends back its own SendPort'],
  ['computeExample', "Flutter's compute(): one function, one message, one result"],
  ['copyVsTransfer', '64 MB sent by copy versus moved with TransferableTypedData'],
];

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = join(root, 'out/reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
execFileSync(process.execPath, ['esbuild.mjs', '--examples'], { cwd: root, stdio: 'inherit' });

let failed = 0;
const written = [];
for (const [name, what] of examples) {
  console.log(`\n▶ ${name}: ${what}`);
  const trace = join(reports, `${name}.isotrace`);
  const result = spawnSync(process.execPath, [`out/examples/${name}.js`], { cwd: root, stdio: 'inherit', timeout: 120_000, env: { ...process.env, ISOSCOPE_TRACE: trace } });
  if (result.status !== 0) {
    failed++;
    console.log(`✖ ${name} failed (exit ${result.status ?? result.signal})`);
    continue;
  }
  const report = spawnSync(process.execPath, ['dist/cli.cjs', 'report', trace, '-o', join(reports, `${name}.html`)], { cwd: root, encoding: 'utf8' });
  if (report.status !== 0) {
    failed++;
    console.log(`✖ the report of ${name} failed: ${report.stderr.trim()}`);
  } else written.push([name, what]);
}

const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
writeFileSync(
  join(reports, 'index.html'),
  `<!doctype html><meta charset="utf-8"><title>Isoscope demo timelines</title>
<style>body{font:15px system-ui,sans-serif;margin:2em auto;max-width:46em;line-height:1.5}li{margin:.4em 0}</style>
<h1>Isoscope: the timelines of the demo</h1>
<p>Each example ran traced; open one to see its isolates, heaps and messages. Zoom with the wheel, drag to pan, click anything for its details.</p>
<ul>${written.map(([name, what]) => `<li><a href="${escape(name)}.html">${escape(name)}</a>: ${escape(what)}</li>`).join('')}</ul>\n`,
);
console.log(failed ? `\n${failed} example(s) failed` : `\nall ${examples.length} examples ran`);
console.log(`\nThe timelines of the examples: ${pathToFileURL(join(reports, 'index.html')).href}`);
process.exitCode = failed ? 1 : 0;
