// `npm run demo`: runs every example in turn and says what each one shows.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const examples = [
  ['sumWhileTicking', 'Isolate.run keeps the main thread responsive during a long computation'],
  ['killTimer', 'kill with Isolate.immediate stops a periodic-timer isolate at once'],
  ['parseJson', 'Isolate.run reads and parses a JSON file off the main thread (import() inside the isolate)'],
  ['conversation', 'a long-lived two-way conversation: the isolate sends back its own SendPort'],
  ['computeExample', "Flutter's compute(): one function, one message, one result"],
  ['copyVsTransfer', '64 MB sent by copy versus moved with TransferableTypedData'],
];

const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(process.execPath, ['esbuild.mjs', '--examples'], { cwd: root, stdio: 'inherit' });

let failed = 0;
for (const [name, what] of examples) {
  console.log(`\n▶ ${name}: ${what}`);
  const result = spawnSync(process.execPath, [`out/examples/${name}.js`], { cwd: root, stdio: 'inherit', timeout: 120_000 });
  if (result.status !== 0) {
    failed++;
    console.log(`✖ ${name} failed (exit ${result.status ?? result.signal})`);
  }
}
console.log(failed ? `\n${failed} example(s) failed` : `\nall ${examples.length} examples ran`);
process.exitCode = failed ? 1 : 0;
