// Runs the in-host suite (suite/index.ts) in code-server's extension host, as
// @vscode/test-electron does on desktop: the workbench URL's payload names the extension
// under development and the suite module, whose run() the host calls. The page never closes
// by itself, so the suite writes its results to a file and this waits for it.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { root, startCodeServer } from './codeServer.js';
import { RESULTS_ENV, type HostSuiteResults } from './hostResults.js';
import { openPage } from './workbench.js';

export interface ExtensionTestsOptions {
  /** The extension's folder (its package.json), loaded as a development extension. */
  extensionPath: string;
  /** The suite module whose run() the host calls (out/test/vscode/suite/index.js). */
  testsPath: string;
  /** The folder the workbench opens. */
  workspace: string;
  /** Where the suite writes its results (hostResults.ts); any older file there is removed first. */
  resultsFile: string;
  timeoutMs: number;
  settings?: Record<string, unknown>;
}

/** Runs the suite and returns its results; throws only when it produced none (it did not
 * load, or did not end in time). On failure, a screenshot and code-server's output go to
 * test-artifacts/ (named after the results file). */
export async function runExtensionTests(options: ExtensionTestsOptions): Promise<HostSuiteResults> {
  rmSync(options.resultsFile, { force: true });
  mkdirSync(dirname(options.resultsFile), { recursive: true });
  const server = await startCodeServer({ workspace: options.workspace, settings: options.settings, env: { [RESULTS_ENV]: options.resultsFile } });
  const payload: [string, string][] = [
    ['extensionDevelopmentPath', server.remoteUri(options.extensionPath)],
    ['extensionTestsPath', server.remoteUri(options.testsPath)],
  ];
  const { close } = await openPage(server, server.workbenchUrl(options.workspace, payload));
  const name = basename(options.resultsFile).replace(/\.json$/, '');
  let results: HostSuiteResults | undefined;
  try {
    results = await waitForResults(options.resultsFile, options.timeoutMs, () => server.output());
    return results;
  } finally {
    const failed = !results || results.failed > 0;
    if (failed) {
      mkdirSync(join(root, 'test-artifacts'), { recursive: true });
      writeFileSync(join(root, 'test-artifacts', `${name}-code-server.log`), server.output());
    }
    await close(failed ? { screenshot: name } : {});
  }
}

async function waitForResults(file: string, timeoutMs: number, output: () => string): Promise<HostSuiteResults> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the in-host suite wrote no results to ${file} within ${timeoutMs / 1000} s; code-server said:\n${output().slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return JSON.parse(readFileSync(file, 'utf8')) as HostSuiteResults;
}
