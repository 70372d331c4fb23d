// Where `isoscope lint` gets the TypeScript compiler: the linted project's own (the version its
// code compiles with, and nothing more to load), else the copy built beside the CLI
// (dist/typescript.cjs), so the command works in a plain JavaScript project too. Loaded only by
// the lint command: the other commands never pay for a compiler.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { TS } from '../refactor/captureTypes';

/** The oldest TypeScript whose API the capture check uses throughout. */
const MIN_MAJOR = 5;

export interface LoadedTypeScript {
  ts: TS;
  /** Where it came from, for the summary line: a path, or "bundled". */
  from: string;
}

/** The project's TypeScript (resolved from `projectDir` up), if it is recent enough; else the bundled copy. */
export function loadTypeScript(projectDir: string): LoadedTypeScript {
  try {
    const path = createRequire(join(projectDir, 'package.json')).resolve('typescript');
    const ts = createRequire(path)(path) as TS;
    if (Number(ts.version.split('.')[0]) >= MIN_MAJOR) return { ts, from: path };
  } catch {
    // Not installed there: the bundled copy.
  }
  return { ts: createRequire(__filename)(join(__dirname, 'typescript.cjs')) as TS, from: 'bundled' };
}
