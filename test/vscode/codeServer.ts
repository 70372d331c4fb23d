// code-server, VS Code's own server build, as the tests start it (VSCODE-TESTING.md): on a
// free port of 127.0.0.1, with a fresh user-data and extensions folder, no gallery and no
// update check, so it never reaches outside this machine. test/vscode/ensureCodeServer.mjs
// installs it (npm test's pretest). close() ends it with everything it started (extension
// host, js-debug, debuggees), and so does this process's exit if a test forgot to.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { endProcessTree, killProcessTreeNow } from './processTree.js';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
/** The version ensureCodeServer.mjs installs (VS Code 1.100.3: the last line on Node 20). */
export const CODE_SERVER_VERSION = '4.100.3';
const launcher = join(root, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`, 'node_modules/.bin/code-server');

/** An extensions gallery on a closed port: without one, the workbench asks a public gallery at start. */
const GALLERY = JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item', resourceUrlTemplate: 'http://127.0.0.1:9/r' });

/** User settings for a quiet, offline workbench; callers add their own. */
export const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
};

export interface CodeServerOptions {
  /** The folder the workbench opens. */
  workspace: string;
  settings?: Record<string, unknown>;
  /** Added to code-server's environment, which its extension host and debuggees inherit. */
  env?: Record<string, string>;
  /** Packaged extensions (.vsix) to install into the fresh extensions folder before start. */
  vsixPaths?: string[];
  startTimeoutMs?: number;
}

export interface CodeServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  /** The workbench URL: the workspace folder, plus a payload (extensionDevelopmentPath, …) if given. */
  workbenchUrl(workspace: string, payload?: [string, string][]): string;
  /** A path on this machine as the workbench addresses it (vscode-remote://127.0.0.1:PORT/path). */
  remoteUri(path: string): string;
  /** What code-server printed so far (its last 256 kB). */
  output(): string;
  close(): Promise<void>;
}

function requireLauncher(): void {
  if (!existsSync(launcher)) throw new Error(`code-server is not installed at ${launcher}: run node test/vscode/ensureCodeServer.mjs (npm test's pretest does)`);
}

/** Arguments and environment that keep code-server inside `home` (a temporary folder): its
 * config, user data and logs, which it would otherwise write under ~, and no gallery. */
function confined(home: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const args = ['--config', join(home, 'config.yaml'), '--user-data-dir', join(home, 'user-data')];
  return { args, env: { ...process.env, EXTENSIONS_GALLERY: GALLERY, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data') } };
}

/** Installs a packaged extension into `extensionsDir`, offline, from the file. */
export function installExtension(vsixPath: string, extensionsDir: string): void {
  requireLauncher();
  const home = mkdtempSync(join(tmpdir(), 'isoscope-code-server-install-'));
  try {
    const { args, env } = confined(home);
    const result = spawnSync(launcher, [...args, '--install-extension', vsixPath, '--extensions-dir', extensionsDir], { encoding: 'utf8', timeout: 120_000, env });
    if (result.status !== 0) throw new Error(`code-server --install-extension ${vsixPath} failed (exit ${result.status}): ${result.stderr}${result.stdout}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Starts code-server and resolves when its HTTP server listens. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  requireLauncher();
  const home = mkdtempSync(join(tmpdir(), 'isoscope-code-server-'));
  const userDataDir = join(home, 'user-data'); // as confined() says
  const extensionsDir = join(home, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir);
  // The same settings as the remote machine's too: code-server's extension host is a remote one,
  // and a setting of scope `machine` (typescript.tsserver.pluginPaths) is read from the User file
  // only until the first configuration change, after which VS Code applies the Machine file's
  // alone (tsserver restarted then without the plugin probe).
  const settings = JSON.stringify({ ...BASE_SETTINGS, ...options.settings }, null, 2);
  mkdirSync(join(userDataDir, 'Machine'));
  writeFileSync(join(userDataDir, 'User', 'settings.json'), settings);
  writeFileSync(join(userDataDir, 'Machine', 'settings.json'), settings);
  for (const vsix of options.vsixPaths ?? []) installExtension(vsix, extensionsDir);

  const { args, env } = confined(home);
  args.push('--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--extensions-dir', extensionsDir, options.workspace);
  const child = spawn(launcher, args, { env: { ...env, ...options.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const onExit = () => child.pid && killProcessTreeNow(child.pid);
  process.on('exit', onExit);

  let output = '';
  const append = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-256 * 1024));
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      process.off('exit', onExit);
      if (child.pid && child.exitCode === null && child.signalCode === null) await endProcessTree(child.pid);
      rmSync(home, { recursive: true, force: true, maxRetries: 3 });
    })());

  try {
    const url = await listening(child, () => output, options.startTimeoutMs ?? 60_000);
    const port = Number(new URL(url).port);
    const remoteUri = (path: string) => `vscode-remote://127.0.0.1:${port}${path}`;
    return {
      url,
      port,
      userDataDir,
      extensionsDir,
      remoteUri,
      workbenchUrl: (workspace, payload) => `${url}?folder=${encodeURIComponent(workspace)}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`,
      output: () => output,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The URL code-server says it listens on, once it says so. */
function listening(child: ChildProcess, output: () => string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = /HTTP server listening on (http:\/\/\S+)/.exec(output());
      if (match) done(() => resolve(match[1]!.endsWith('/') ? match[1]! : `${match[1]}/`));
    };
    const exited = (code: number | null) => done(() => reject(new Error(`code-server exited (code ${code}) before it listened:\n${output()}`)));
    const timer = setTimeout(() => done(() => reject(new Error(`code-server did not listen within ${timeoutMs / 1000} s:\n${output()}`))), timeoutMs);
    const done = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.stderr!.off('data', check);
      child.off('exit', exited);
      settle();
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.on('exit', exited);
  });
}
