// The published package's types, checked as a TypeScript user gets them: `npm pack`, install
// the tarball into a fresh project, type-check programs that use the API with this repo's tsc.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from '../tracing/traceHelpers.js';

// npm must not look for its own updates or the registry (this machine may have no network).
const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };

/** A user's program: the runtime, the tracer and the trace reader, typed by the package alone.
 * The same text is an ES module (.ts in a "type": "module" project) and CommonJS (.cts). */
const consumer = `
import { readFileSync } from 'node:fs';
import { Isolate, ReceivePort, SendPort, IsolatePool, compute, trace, parseTrace, type ParsedTrace, type TraceEvent } from 'isoscope';
import 'isoscope/register';

export async function main(): Promise<string[]> {
  const sum: number = await Isolate.run((limit: number) => {
    let total = 0;
    for (let i = 0; i < limit; i++) total += i;
    return total;
  }, { args: [100], debugName: 'summer' });

  const fromWorker = new ReceivePort('replies');
  const isolate: Isolate = await Isolate.spawn((toMain: SendPort) => toMain.send('ready'), fromWorker.sendPort, { debugName: 'worker' });
  const reply: unknown = await fromWorker.first();
  isolate.kill({ priority: Isolate.immediate });

  const pool = new IsolatePool({ size: 2 });
  const doubled: number = await pool.run((n: number) => n * 2, { args: [21] });
  await pool.close();
  const length: number = await compute((text: string) => text.length, 'isoscope');

  const sink = trace.memorySink();
  trace.start({ sink, heapIntervalMs: 0 });
  trace.stop();
  const recorded: ParsedTrace = sink.read();
  const fromFile: ParsedTrace = parseTrace(readFileSync('app.isotrace'));
  return [String(sum), String(reply), String(doubled), String(length), ...[...recorded.list, ...fromFile.list].map(describe)];
}

function describe(event: TraceEvent): string {
  switch (event.type) {
    case 'spawn': return event.debugName + ' spawned by ' + event.parent + ' (' + event.kind + ')';
    case 'send': return 'message ' + event.channel + ':' + event.seq + ', ' + event.bytes + ' bytes';
    case 'exit': return 'exit: ' + event.reason;
    default: return event.type;
  }
}
`;

/** Mistakes the types must catch; were the package's types missing or unresolved, every name
 * would be `any` and none of these would be reported. */
const mistakes = `
import { Isolate, type TraceEvent } from 'isoscope';
export const wrongResult: Promise<string> = Isolate.run(() => 42);
export const wrongField = (event: TraceEvent): number => (event.type === 'spawn' ? event.bytes : 0);
`;
/** ES modules only: the package's ES module face has named exports only, as dist/index.mjs has. */
const esmMistakes = `${mistakes}import isoscope from 'isoscope';\nexport { isoscope };\n`;

const common = { strict: true, noEmit: true, target: 'es2022', types: ['node'], typeRoots: [join(root, 'node_modules/@types')], noUncheckedSideEffectImports: true };
/** Each resolution a user may choose, the files it checks, and the errors it must report (file and code, sorted). */
const configurations = {
  // skipLibCheck off: the shipped declarations themselves must type-check, in both formats.
  nodenext: {
    compilerOptions: { ...common, module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: false },
    files: ['esm.ts', 'cjs.cts', 'mistakes.ts', 'mistakes.cts'],
    expected: ['mistakes.cts TS2322', 'mistakes.cts TS2339', 'mistakes.ts TS1192', 'mistakes.ts TS2322', 'mistakes.ts TS2339'],
  },
  // skipLibCheck on, as most projects have it: a declaration that did not resolve would be
  // silently `any` here, which the mistakes catch.
  bundler: {
    compilerOptions: { ...common, module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true },
    files: ['esm.ts', 'mistakes.ts'],
    expected: ['mistakes.ts TS1192', 'mistakes.ts TS2322', 'mistakes.ts TS2339'],
  },
};

/** Runs this repo's tsc on one of the project's configurations; resolves with its output. */
function typeCheck(project: string, name: string): Promise<string> {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, '-p', `tsconfig.${name}.json`, '--pretty', 'false'], { cwd: project, timeout: 60_000 }, (_error, stdout, stderr) => resolve(stdout + stderr));
  });
}

/** "file TS1234" for each error tsc reported, sorted. */
function errorsIn(output: string): string[] {
  return [...output.matchAll(/^(\S+)\(\d+,\d+\): error (TS\d+)/gm)].map((match) => `${match[1]} ${match[2]}`).sort();
}

describe('the published package, type-checked as a user would', function () {
  // Two tsc runs at once: about 10 s on two idle cores, 20 s on busy ones.
  this.timeout(60_000);
  let dir: string;
  const output: Record<string, string> = {};

  before(async () => {
    assert.ok(existsSync(join(root, 'dist/types/runtime/index.d.ts')), 'dist/types is missing: run `npm run build` first');
    dir = mkdtempSync(join(tmpdir(), 'isoscope-types-'));
    const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, env: npmEnv, encoding: 'utf8', timeout: 60_000 });
    assert.equal(packed.status, 0, packed.stderr);
    const tarball = join(dir, JSON.parse(packed.stdout)[0].filename);

    const project = join(dir, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // A cache of its own, so the tarball does not stay behind in the user's npm cache.
    const installed = spawnSync('npm', ['install', '--offline', '--cache', join(dir, 'npm-cache'), tarball], { cwd: project, env: npmEnv, encoding: 'utf8', timeout: 60_000 });
    assert.equal(installed.status, 0, installed.stderr);

    writeFileSync(join(project, 'esm.ts'), consumer);
    writeFileSync(join(project, 'cjs.cts'), consumer);
    writeFileSync(join(project, 'mistakes.ts'), esmMistakes);
    writeFileSync(join(project, 'mistakes.cts'), mistakes);
    for (const [name, { compilerOptions, files }] of Object.entries(configurations)) {
      writeFileSync(join(project, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files }, null, 2));
    }
    // Both at once: each is a tsc of its own.
    const names = Object.keys(configurations);
    const outputs = await Promise.all(names.map((name) => typeCheck(project, name)));
    names.forEach((name, i) => (output[name] = outputs[i]!));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, { expected }] of Object.entries(configurations)) {
    it(`moduleResolution ${name}: the API is typed, and exactly the deliberate mistakes are reported`, () => {
      assert.doesNotMatch(output[name]!, /TS7016/, 'TS7016: no declaration file for isoscope');
      assert.deepEqual(errorsIn(output[name]!), expected, output[name]);
    });
  }
});
