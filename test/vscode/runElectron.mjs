// npm run test:vscode: the in-host suite (test/vscode/suite) in VS Code desktop, through
// @vscode/test-electron, which downloads VS Code into .vscode-test/. For machines that can
// reach VS Code's download server; where that fails (as on our CI machines), npm test runs
// the same suite in code-server instead (test/vscode/inHostSuite.test.ts).
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The line code-server 4.100.3 carries, so both runs see the same VS Code.
const VERSION = '1.100.3';
const root = fileURLToPath(new URL('../../', import.meta.url));
const suite = join(root, 'out/test/vscode/suite/index.js');
const resultsFile = join(root, 'test-artifacts', 'vscode-electron-results.json');

if (!existsSync(suite)) {
  console.error(`test:vscode: ${suite} is missing: build the tests first (node esbuild.mjs && node esbuild.mjs --tests)`);
  process.exit(1);
}

let executable;
try {
  executable = await downloadAndUnzipVSCode({ version: VERSION, cachePath: join(root, '.vscode-test') });
} catch (error) {
  console.error(`test:vscode: could not download VS Code ${VERSION}: ${error instanceof Error ? error.message : error}`);
  console.error('This machine cannot reach VS Code\'s download server, so @vscode/test-electron cannot run here. npm test runs the same in-host suite in code-server, offline (test/vscode/inHostSuite.test.ts).');
  process.exit(1);
}

const workspace = mkdtempSync(join(tmpdir(), 'isoscope-vscode-workspace-'));
cpSync(join(root, 'test/vscode/fixtures'), workspace, { recursive: true });
rmSync(resultsFile, { force: true });
let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: root,
    extensionTestsPath: suite,
    extensionTestsEnv: { ISOSCOPE_VSCODE_RESULTS: resultsFile },
    launchArgs: [workspace, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  console.error(`test:vscode: VS Code ended with a failure (${error instanceof Error ? error.message : error})${process.platform === 'linux' && !process.env.DISPLAY ? '; there is no DISPLAY: on Linux, run it under xvfb-run' : ''}`);
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  for (const test of results.tests.filter((test) => test.state === 'failed')) console.error(`failed: ${test.fullTitle}\n${test.error?.stack ?? test.error?.message}`);
  console.log(`${results.passed} passed, ${results.failed} failed (VS Code ${results.vscodeVersion}; results in ${resultsFile})`);
}
process.exit(code);
