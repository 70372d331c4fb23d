// What `isoscope lint` checks: files, folders walked for sources (node_modules and hidden folders
// left out), or one tsconfig.json whose program it uses.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CliError } from './record';

/** Source files the check reads (declaration files hold no code to ship). */
export const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

export type LintTargets = { kind: 'tsconfig'; path: string; projectDir: string } | { kind: 'files'; files: string[]; projectDir: string };

/** Reads the command line's paths (the current folder when there are none). */
export function lintTargets(paths: readonly string[], usage: (message: string) => never): LintTargets {
  const given = paths.length > 0 ? paths.map((path) => resolve(path)) : [resolve('.')];
  for (const path of given) if (!existsSync(path)) usage(`lint: no such file or folder: ${path}`);
  const configs = given.filter((path) => path.endsWith('.json'));
  if (configs.length > 0) {
    if (given.length > 1) usage('lint takes files and folders, or one tsconfig.json');
    return { kind: 'tsconfig', path: configs[0]!, projectDir: dirname(configs[0]!) };
  }
  const files: string[] = [];
  for (const path of given) {
    if (statSync(path).isDirectory()) walk(path, files);
    else if (SOURCE_FILE.test(path)) files.push(path);
    else usage(`lint: ${path} is not a JavaScript or TypeScript file`);
  }
  const first = given[0]!;
  return { kind: 'files', files: [...new Set(files)], projectDir: statSync(first).isDirectory() ? first : dirname(first) };
}

function walk(dir: string, into: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new CliError(`lint: cannot read ${dir}: ${(error as Error).message}`);
  }
  for (const name of names.sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) walk(path, into);
    else if (stat?.isFile() && SOURCE_FILE.test(name) && !DECLARATION_FILE.test(name)) into.push(path);
  }
}
