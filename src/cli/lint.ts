// `isoscope lint`: the capture check over a project, for CI and pre-commit hooks. One line per
// finding (`file:line:col  message`, at the captured name's use), or one JSON object; exit code 1
// when there is any. Built as its own bundle (dist/lint.cjs), loaded only by this command.
import { parseArgs } from 'node:util';
import { dirname, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as ts from 'typescript';
import { checkCaptures, type CaptureFinding } from '../refactor/captureCheck';
import type { TS } from '../refactor/captureTypes';
import { lintTargets, SOURCE_FILE, type LintTargets } from './lintTargets';
import { loadTypeScript } from './loadTypeScript';
import { CliError } from './record';

/** Runs the command; `usage` throws the CLI's usage error (exit code 2). */
export function lintCommand(args: string[], usage: (message: string) => never): number {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  const started = performance.now();
  const targets = lintTargets(positionals, usage);
  const { ts, from } = loadTypeScript(targets.projectDir);
  const { program, files } = lintProgram(ts, targets);
  const checker = program.getTypeChecker();
  const findings: CaptureFinding[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (source) findings.push(...checkCaptures(ts, source, checker, undefined, program.getCompilerOptions()));
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const compiler = { version: ts.version, from };
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ findings: findings.map(toJson), filesChecked: files.length, typescript: compiler, seconds: Number(seconds) }, null, 2)}\n`);
  } else {
    for (const finding of findings) process.stdout.write(`${relative(process.cwd(), finding.fileName)}:${finding.line}:${finding.column}  ${finding.message}\n`);
    const withFindings = new Set(findings.map((finding) => finding.fileName)).size;
    process.stderr.write(`isoscope lint: ${findings.length} ${findings.length === 1 ? 'capture' : 'captures'} in ${withFindings} of ${files.length} files (TypeScript ${ts.version}, ${from === 'bundled' ? 'bundled with isoscope' : "the project's"}; ${seconds} s)\n`);
  }
  return findings.length > 0 ? 1 : 0;
}

/** The program the check reads, and the files of it to check. */
function lintProgram(ts: TS, targets: LintTargets): { program: ts.Program; files: string[] } {
  if (targets.kind === 'tsconfig') {
    const read = ts.readConfigFile(targets.path, ts.sys.readFile);
    if (read.error) throw new CliError(`lint: cannot read ${targets.path}: ${ts.flattenDiagnosticMessageText(read.error.messageText, ' ')}`);
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(targets.path), undefined, targets.path);
    const fatal = parsed.errors.filter((error) => error.category === ts.DiagnosticCategory.Error);
    if (fatal.length > 0) throw new CliError(`lint: ${targets.path}: ${fatal.map((error) => ts.flattenDiagnosticMessageText(error.messageText, ' ')).join('; ')}`);
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true }, ...(parsed.projectReferences ? { projectReferences: parsed.projectReferences } : {}) });
    const files = parsed.fileNames.filter((file) => SOURCE_FILE.test(file) && !/\.d\.[cm]?ts$/.test(file) && !/[\\/]node_modules[\\/]/.test(file));
    return { program, files };
  }
  const options: ts.CompilerOptions = {
    allowJs: true,
    checkJs: false,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    target: ts.ScriptTarget.ES2022,
    // Preserve (TypeScript 5.4) reads import and require alike; Bundler resolves package exports.
    module: ts.ModuleKind.Preserve ?? ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.Preserve,
  };
  return { program: ts.createProgram(targets.files, options), files: targets.files };
}

/** A finding as `--json` prints it: where, what, why, and the quick fixes' edits. */
function toJson(finding: CaptureFinding) {
  const { capture } = finding;
  return {
    file: relative(process.cwd(), finding.fileName),
    line: finding.line,
    column: finding.column,
    length: finding.end - finding.start,
    name: capture.name,
    kind: capture.kind,
    api: finding.api,
    message: finding.message,
    ...(capture.declaration ? { declaredAt: { file: relative(process.cwd(), capture.declaration.fileName), line: capture.declaration.line } } : {}),
    ...(capture.import ? { import: capture.import } : {}),
    ...(capture.assignedAfter ? { assignedAfterLine: capture.assignedAfter.line } : {}),
    ...(capture.assignedInside ? { assignedInsideLine: capture.assignedInside.line } : {}),
    ...(capture.mutatedInside ? { mutatedInsideLine: capture.mutatedInside.line } : {}),
    cloneable: capture.clone.ok,
    cloneReason: capture.clone.reason,
    fixes: finding.fixes.map((fix) => ({ title: fix.title, edits: fix.edits })),
  };
}
