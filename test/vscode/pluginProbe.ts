// Isoscope's TypeScript server plugin for an extension loaded from this repository: tsserver
// finds a plugin by package name in <extension>/node_modules, which the .vsix has and a checkout
// does not (its node_modules is npm's). So a test's tsserver also probes a temporary folder whose
// node_modules/isoscope-tsserver-plugin links to packages/isoscope-tsserver-plugin (in VS Code
// through its own setting for that, typescript.tsserver.pluginPaths): the same package, the
// same bundle (dist/tsserverPlugin.cjs), found the same way.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The plugin the extension contributes (package.json `typescriptServerPlugins`), by the name VS
 * Code asks tsserver to load. */
export const PLUGIN: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).contributes.typescriptServerPlugins[0].name;

export interface PluginProbe {
  /** The folder to probe (tsserver's --pluginProbeLocations). */
  dir: string;
  /** User settings that make VS Code's TypeScript extension probe it. */
  settings: Record<string, unknown>;
  remove(): void;
}

export function pluginProbe(): PluginProbe {
  const dir = mkdtempSync(join(tmpdir(), 'isoscope-plugin-probe-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(root, 'packages', PLUGIN), join(dir, 'node_modules', PLUGIN), 'dir');
  return { dir, settings: { 'typescript.tsserver.pluginPaths': [dir] }, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
