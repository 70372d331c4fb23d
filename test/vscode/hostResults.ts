// What the in-host suite (suite/index.ts) reports to whoever started VS Code: one JSON file,
// written whole when the suite ends. The driver (extensionTests.ts) and
// @vscode/test-electron's runner (runElectron.mjs) read it.

/** The environment variable holding the results file's path; it reaches the extension host
 * from the code-server process (and from test-electron's extensionTestsEnv). */
export const RESULTS_ENV = 'ISOSCOPE_VSCODE_RESULTS';

export interface HostTestResult {
  title: string;
  /** Titles of the enclosing describe blocks and the test's, space-separated (mocha's fullTitle). */
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: { message: string; stack?: string };
}

export interface HostSuiteResults {
  /** vscode.version in the host that ran the suite. */
  vscodeVersion: string;
  passed: number;
  failed: number;
  pending: number;
  tests: HostTestResult[];
  /** What tests chose to record for people to read (suite/notes.ts): observations, not verdicts. */
  notes: Record<string, unknown>;
}
