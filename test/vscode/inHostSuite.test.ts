// The in-host suite (test/vscode/suite), run inside code-server's extension host with this
// repository as the extension under development and a copy of test/vscode/fixtures as the
// workspace. Each in-host test becomes a test here, added once the run has ended, so a
// failure shows its own title, message and stack. npm test's pretest builds what it loads.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Mocha from 'mocha';
import { root } from './codeServer.js';
import { runExtensionTests } from './extensionTests.js';
import { pluginProbe, type PluginProbe } from './pluginProbe.js';
import type { HostSuiteResults, HostTestResult } from './hostResults.js';

/** The in-host failure, rethrown here with its own message and stack. */
function hostFailure(test: HostTestResult): Error {
  const error = new Error(test.error?.message ?? 'failed (no message)');
  error.stack = test.error?.stack ?? error.message;
  return error;
}

describe('the extension inside VS Code (code-server)', function () {
  this.timeout(540_000); // the host starts in about 10 s; the debugging tests take 2–4 min more
  let workspace: string;
  let results: HostSuiteResults | undefined;
  let probe: PluginProbe | undefined;

  before(async function () {
    workspace = mkdtempSync(join(tmpdir(), 'isoscope-vscode-workspace-'));
    cpSync(join(root, 'test/vscode/fixtures'), workspace, { recursive: true });
    probe = pluginProbe();
    results = await runExtensionTests({
      settings: probe.settings,
      extensionPath: root,
      testsPath: join(root, 'out/test/vscode/suite/index.js'),
      workspace,
      resultsFile: join(root, 'test-artifacts', 'vscode-in-host-results.json'),
      timeoutMs: 480_000,
    });
    const suite = this.test!.parent!;
    for (const test of results.tests) {
      const title = `in the host: ${test.fullTitle}`;
      suite.addTest(test.state === 'pending' ? new Mocha.Test(title) : new Mocha.Test(title, () => {
        if (test.state === 'failed') throw hostFailure(test);
      }));
    }
  });

  after(() => {
    rmSync(workspace, { recursive: true, force: true });
    probe?.remove();
  });

  it('runs the in-host suite in VS Code 1.100 and reads its results', () => {
    assert.ok(results, 'no results');
    assert.match(results.vscodeVersion, /^1\.100\./);
    assert.ok(results.tests.length > 0, 'the in-host suite ran no test');
  });
});
