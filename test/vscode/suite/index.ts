// The suite that runs inside a real VS Code's extension host: the extension host loads this
// module (CommonJS, built by `node esbuild.mjs --tests` to out/test/vscode/suite/index.js) and
// calls run(), under code-server (extensionTests.ts) as under @vscode/test-electron
// (runElectron.mjs). It runs every *.test.js beside it with mocha, writes the results as JSON
// (hostResults.ts) to the file named by ISOSCOPE_VSCODE_RESULTS, and rejects when a test
// failed, so that test-electron's exit code says so too.
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { RESULTS_ENV, type HostSuiteResults, type HostTestResult } from '../hostResults';
import { allNotes } from './notes';

function errorOf(error: unknown): HostTestResult['error'] {
  return error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
}

/** Runs the suite's files with mocha: one result per test, and one per failed hook. */
async function runMocha(files: string[]): Promise<HostTestResult[]> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const file of files) mocha.addFile(file);
  const results: HostTestResult[] = [];
  const result = (test: Mocha.Runnable, state: HostTestResult['state'], error?: unknown): HostTestResult => ({
    title: test.title,
    fullTitle: test.fullTitle(),
    state,
    ...(test.duration === undefined ? {} : { durationMs: test.duration }),
    ...(error === undefined ? {} : { error: errorOf(error) }),
  });
  await new Promise<void>((resolve) => {
    mocha
      .run(() => resolve())
      .on('pass', (test) => results.push(result(test, 'passed')))
      .on('fail', (test, error) => results.push(result(test, 'failed', error)))
      .on('pending', (test) => results.push(result(test, 'pending')));
  });
  return results;
}

/** Writes the file whole (a reader polling for it never sees half of it). */
function writeResults(file: string, results: HostSuiteResults): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.partial`, JSON.stringify(results, null, 2));
  renameSync(`${file}.partial`, file);
}

export async function run(): Promise<void> {
  const file = process.env[RESULTS_ENV] || join(__dirname, 'results.json');
  let tests: HostTestResult[];
  try {
    const files = readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort();
    tests = await runMocha(files.map((name) => join(__dirname, name)));
  } catch (error) {
    tests = [{ title: 'loading the suite', fullTitle: 'the in-host suite: loading it', state: 'failed', error: errorOf(error) }];
  }
  const count = (state: HostTestResult['state']) => tests.filter((test) => test.state === state).length;
  writeResults(file, { vscodeVersion: vscode.version, passed: count('passed'), failed: count('failed'), pending: count('pending'), tests, notes: allNotes() });
  if (count('failed') > 0) throw new Error(`${count('failed')} of ${tests.length} in-host tests failed; results in ${file}`);
}
