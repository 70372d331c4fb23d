// `npm run package`: the extension's .vsix. vsce packs what .vscodeignore allows (dist/'s
// bundles and the timeline, README, LICENSE, the manifest) and, with --no-dependencies, no
// node_modules at all; then this adds the TypeScript server plugin's package as
// extension/node_modules/isoscope-tsserver-plugin/, the one place tsserver looks for a plugin an
// extension contributes (by package name, from the extension's folder). The package is two
// files (packages/isoscope-tsserver-plugin); the plugin itself is dist/tsserverPlugin.cjs.
//   node packageVsix.mjs [--out file.vsix]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const at = process.argv.indexOf('--out');
const out = resolve(at >= 0 ? process.argv[at + 1] : `${pkg.name}-${pkg.version}.vsix`);
const plugin = pkg.contributes.typescriptServerPlugins[0].name;

const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}${result.error.code === 'ENOENT' ? ` (install ${command})` : ''}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit code ${result.status})`);
};

run(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out]);
const stage = mkdtempSync(join(tmpdir(), 'isoscope-vsix-'));
try {
  const target = join(stage, 'extension', 'node_modules', plugin);
  mkdirSync(target, { recursive: true });
  for (const file of ['package.json', 'index.cjs']) cpSync(join('packages', plugin, file), join(target, file));
  run('zip', ['-q', '-r', '-D', out, 'extension'], { cwd: stage });
} finally {
  rmSync(stage, { recursive: true, force: true });
}
console.log(`packageVsix: ${out} (with extension/node_modules/${plugin})`);
