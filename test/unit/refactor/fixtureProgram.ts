// The refactor fixtures (test/fixtures/refactor) as one TypeScript program with the repository's
// types ('isoscope' is its source, as for the repository's own code), and the verdicts written
// inside them as markers (see test/fixtures/refactor/README.md).
import ts from 'typescript';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { CaptureFinding } from '../../../src/refactor/captureCheck';

export const root = fileURLToPath(new URL('../../../../', import.meta.url));
export const checkFixtures = join(root, 'test/fixtures/refactor/check');

export const fixtureOptions: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
  checkJs: false,
  jsx: ts.JsxEmit.Preserve,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
  lib: ['lib.es2023.d.ts'],
  types: ['node'],
  typeRoots: [join(root, 'node_modules/@types')],
  paths: { isoscope: [join(root, 'src/runtime/index.ts')] },
};

/** The fixture files of `dir`, by full path. */
export function fixtureFiles(dir = checkFixtures): string[] {
  return readdirSync(dir).filter((name) => /\.[cm]?[jt]sx?$/.test(name)).sort().map((name) => join(dir, name));
}

/** One program over `files`. */
export function fixtureProgram(files: string[]): ts.Program {
  return ts.createProgram(files, fixtureOptions);
}

/** `line:column name kind flags…`: one capture as the markers write it and the check finds it. */
export type Verdict = string;

/** The verdicts a fixture's markers promise, in source order. */
export function expectedVerdicts(file: ts.SourceFile): Verdict[] {
  const text = file.text;
  const found: { at: number; verdict: string }[] = [];
  // `name/*! kind flags */`: the name's use ends where the marker starts.
  for (const match of text.matchAll(/([\w$.]+)\/\*!\s+([^*]+?)\s*\*\//g)) {
    const at = match.index! + match[0].indexOf(match[1]!);
    found.push({ at: at + lastName(match[1]!).offset, verdict: `${lastName(match[1]!).name} ${match[2]}` });
  }
  // `/*!> kind */use`: the use starts where the marker ends.
  for (const match of text.matchAll(/\/\*!>\s+([^*]+?)\s*\*\//g)) {
    const kind = match[1]!.split(' ')[0]!;
    found.push({ at: match.index! + match[0].length, verdict: `${kind === 'jsx' ? 'JSX' : kind} ${match[1]}` });
  }
  return found.sort((a, b) => a.at - b.at).map(({ at, verdict }) => {
    const { line, character } = file.getLineAndCharacterOfPosition(at);
    return `${line + 1}:${character + 1} ${verdict}`;
  });
}

/** `a.b.c` before a marker names `c`... except `import.meta`, which is one name. */
function lastName(text: string): { name: string; offset: number } {
  if (text.endsWith('import.meta')) return { name: 'import.meta', offset: text.length - 'import.meta'.length };
  const dot = text.lastIndexOf('.');
  return { name: text.slice(dot + 1), offset: dot + 1 };
}

const VALUE_KINDS = new Set(['local', 'parameter', 'module', 'import', 'function', 'class', 'enum', 'namespace']);

/** A finding written as a marker would be. */
export function verdictOf(finding: CaptureFinding): Verdict {
  const { capture } = finding;
  const flags: string[] = [capture.kind];
  if (capture.import) flags.push(capture.import.style);
  if (capture.assignedAfter) flags.push('after');
  if (capture.assignedInside) flags.push('inside');
  if (capture.mutatedInside) flags.push('mutated');
  if (VALUE_KINDS.has(capture.kind) && !capture.clone.ok) flags.push('refused');
  if (capture.shadowsGlobal) flags.push('shadows');
  return `${finding.line}:${finding.column} ${capture.name} ${flags.join(' ')}`;
}
