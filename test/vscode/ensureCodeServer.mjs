// `npm test` runs the extension inside a real VS Code: code-server, VS Code's own server build,
// from npm (VSCODE-TESTING.md: no VS Code desktop build can be downloaded here). Installs it
// once into .vscode-test/code-server-<version>/ (ignored by git) and does nothing when it is
// there. Its npm install script downloads things, so it is skipped and its steps are done by
// hand, as the recipe says. The install goes to a temporary folder that is renamed only when
// complete: an interrupted install is redone, never half-used. Takes about 2–5 minutes.
// codeServer.ts finds the launcher at the same path (CODE_SERVER_VERSION there).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from '../setup/debianPackages.mjs';

const VERSION = '4.100.3';
const root = fileURLToPath(new URL('../../', import.meta.url));
const cache = join(root, '.vscode-test');
const target = join(cache, `code-server-${VERSION}`);
const launcher = join(target, 'node_modules/.bin/code-server');
const started = performance.now();

/** One progress line, with the time since the install began. */
function say(message) {
  console.log(`[code-server ${VERSION}] ${message} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

if (existsSync(launcher)) {
  console.log(`[code-server ${VERSION}] ready in ${target}`);
  process.exit(0);
}

// Headers the native modules build against, and ripgrep, whose npm package would download its binary.
ensureDebianPackages(['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config', 'ripgrep', 'python3', 'make', 'g++'], 'code-server (the VS Code the extension tests run in)');

// Leftovers of an interrupted install are removed, never resumed.
mkdirSync(cache, { recursive: true });
for (const name of readdirSync(cache)) if (name.startsWith(`code-server-${VERSION}.partial`)) rmSync(join(cache, name), { recursive: true, force: true });
const work = join(cache, `code-server-${VERSION}.partial-${process.pid}`);
mkdirSync(work);
const log = join(work, 'install.log');
const vscode = join(work, 'node_modules/code-server/lib/vscode');
const env = { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

/** Runs a command in `cwd`, its output to install.log; on failure shows the log's end and exits. */
function run(cwd, command, ...args) {
  writeFileSync(log, `\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`, { flag: 'a' });
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  writeFileSync(log, `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}\n`, { flag: 'a' });
  if (result.status !== 0) {
    const tail = readFileSync(log, 'utf8').split('\n').slice(-40).join('\n');
    console.error(`${tail}\n[code-server ${VERSION}] failed: ${command} ${args.join(' ')} in ${cwd} (exit ${result.status}). Full log: ${log}; the next npm test starts over.`);
    process.exit(1);
  }
}

say(`installing into ${target}: about 300 MB, a few minutes`);
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'code-server-for-tests', private: true }, null, 2));
say('(1/7) npm install --ignore-scripts code-server');
run(work, 'npm', 'install', '--ignore-scripts', `code-server@${VERSION}`);
say('(2/7) npm install --omit=dev --ignore-scripts in lib/vscode');
run(vscode, 'npm', 'install', '--omit=dev', '--ignore-scripts');
say('(3/7) Debian ripgrep in place of @vscode/ripgrep (whose install script downloads it)');
mkdirSync(join(vscode, 'node_modules/@vscode/ripgrep/bin'), { recursive: true });
copyFileSync('/usr/bin/rg', join(vscode, 'node_modules/@vscode/ripgrep/bin/rg'));
say('(4/7) npm rebuild in lib/vscode: native modules built with node-gyp, the slow part');
run(vscode, 'npm', 'rebuild');
say('(5/7) links code-server expects (node_modules.asar, remote-cli, browser helper)');
symlinkSync('node_modules', join(vscode, 'node_modules.asar'));
for (const [dir, name, to] of [['bin/remote-cli', 'code-server', 'code-linux.sh'], ['bin/helpers', 'browser.sh', 'browser-linux.sh']]) {
  rmSync(join(vscode, dir, name), { force: true });
  symlinkSync(to, join(vscode, dir, name));
}
say('(6/7) npm install --omit=dev in lib/vscode/extensions (built-in extensions: js-debug, TypeScript, …)');
run(join(vscode, 'extensions'), 'npm', 'install', '--omit=dev');
say('(7/7) npm rebuild argon2');
run(work, 'npm', 'rebuild', 'argon2');
renameSync(work, target);
say(`ready: ${launcher}`);
