// The isoscope command line: record, summary, findings, export, report, lint.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { summarize } from '../protocol/traceSummary';
import { formatProblem } from '../protocol/traceReader';
import { readTraceFile, type LoadedTrace } from './readTraceFile';
import { recordCommand, CliError } from './record';
import { formatSummary } from './summaryTable';
import { toChromeTrace } from './chromeTrace';
import { buildReportHtml } from './reportHtml';
import { findTraceFindings, reaches } from '../protocol/findings/engine';
import { formatFindings, formatFindingsSection } from './findingsText';

declare const ISOSCOPE_VERSION: string;

const USAGE = `isoscope ${ISOSCOPE_VERSION}: see what the isolates and worker threads of a Node program do

Usage:
  isoscope record [-o trace.isotrace] -- <command> [args...]
      Run a Node program (node, tsx, an npm script…) with tracing on; write its trace and
      print a summary and its findings. Records where each message was sent from only
      with ISOSCOPE_CAPTURE_LOCATIONS=1 (a stack per send). Exits with the program's exit code.
  isoscope summary <trace.isotrace> [--json]
      One row per isolate: spawn and exit, how it exited, messages and bytes, peak heap,
      busy %, then the trace's findings. --json prints the same as one JSON object.
  isoscope findings <trace.isotrace> [--json] [--fail-on warning|error]
      What the trace shows to be wrong (blocked threads, undelivered messages, copies that
      could be transfers, an isolate per task, isolates left running, growing queues,
      isolates that mostly wait, crashes): one line each with its time, isolate and source
      location. --json prints { "findings": [...] }. --fail-on: exit code 1 when any finding
      is of that severity or worse (for CI).
  isoscope export --format chrome <trace.isotrace> -o out.json
      Chrome Trace Event JSON for Perfetto UI (ui.perfetto.dev) or chrome://tracing.
  isoscope report <trace.isotrace> [-o timeline.html]
      One HTML file with the timeline and the trace inside: lanes, heaps and messages,
      zoom, details and stats. Opens from disk in any browser, offline.
  isoscope lint [files or folders | tsconfig.json] [--json]
      Check the functions handed to isolates (Isolate.run, Isolate.spawn, compute, a pool's
      run, new Worker(…, { eval: true })) for variables, imports and \`this\` they capture
      from outside, which an isolate cannot see. One line per finding; exit code 1 if any.
      Folders are walked without node_modules; a tsconfig.json lints its program.

Environment (for programs run without \`record\`):
  node --require isoscope/register app.js     trace a program that never imports isoscope
  ISOSCOPE_TRACE=file.isotrace                write the trace there (%p: the process id)
  ISOSCOPE_SINK, ISOSCOPE_SINK_TOKEN          stream it to a live reader
  ISOSCOPE_HEAP_INTERVAL_MS=100               heap sampling interval (0: start and exit only)
  ISOSCOPE_CAPTURE_LOCATIONS=1                record where each message was sent from`;

function usageError(message: string): never {
  throw new CliError(`${message}. Run \`isoscope --help\` for usage.`);
}

async function loadTrace(path: string): Promise<LoadedTrace> {
  let trace: LoadedTrace;
  try {
    trace = await readTraceFile(path);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  // Nothing readable: one line that says why (the first problem), not a line per bad line.
  if (!trace.header && trace.events.length === 0) {
    const first = trace.problems[0];
    throw new CliError(`${path} is not an isotrace file (${first ? formatProblem(first) : 'no header and no events'})`);
  }
  for (const problem of trace.problems.slice(0, 20)) process.stderr.write(`${path}: ${formatProblem(problem)}\n`);
  if (trace.problems.length > 20) process.stderr.write(`${path}: … and ${trace.problems.length - 20} more problems\n`);
  return trace;
}

async function summaryCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) usageError(positionals.length === 0 ? 'summary needs a trace file' : 'summary takes one trace file');
  const trace = await loadTrace(positionals[0]!);
  const summary = summarize(trace.events, trace.header);
  const findings = findTraceFindings(trace.events);
  process.stdout.write(values.json ? `${JSON.stringify({ ...summary, findings }, null, 2)}\n` : `${formatSummary(summary)}\n${formatFindingsSection(findings)}\n`);
  return 0;
}

const SEVERITIES = ['warning', 'error'] as const;

async function findingsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' }, 'fail-on': { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) usageError(positionals.length === 0 ? 'findings needs a trace file' : 'findings takes one trace file');
  const failOn = values['fail-on'];
  if (failOn !== undefined && !(SEVERITIES as readonly string[]).includes(failOn)) usageError(`--fail-on takes warning or error, not "${failOn}"`);
  const trace = await loadTrace(positionals[0]!);
  const findings = findTraceFindings(trace.events);
  process.stdout.write(values.json ? `${JSON.stringify({ findings }, null, 2)}\n` : `${formatFindings(findings)}\n`);
  return failOn !== undefined && reaches(findings, failOn as (typeof SEVERITIES)[number]) ? 1 : 0;
}

async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { format: { type: 'string' }, output: { type: 'string', short: 'o' } }, allowPositionals: true, strict: true });
  if (values.format !== 'chrome') usageError(values.format === undefined ? 'export needs --format chrome' : `unknown export format "${values.format}" (the one format is chrome)`);
  if (positionals.length !== 1) usageError('export needs one trace file');
  if (!values.output) usageError('export needs -o <out.json>');
  const trace = await loadTrace(positionals[0]!);
  const chrome = toChromeTrace(trace.header, trace.events);
  writeFileSync(values.output, JSON.stringify(chrome));
  process.stdout.write(`isoscope: wrote ${chrome.traceEvents.length} Chrome trace events to ${values.output} (open it in https://ui.perfetto.dev)\n`);
  return 0;
}

async function reportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { output: { type: 'string', short: 'o' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) usageError(positionals.length === 0 ? 'report needs a trace file' : 'report takes one trace file');
  const path = positionals[0]!;
  const trace = await loadTrace(path);
  const output = resolve(values.output ?? 'timeline.html');
  const html = buildReportHtml({
    script: readFileSync(join(__dirname, 'webview', 'webview.js'), 'utf8'),
    style: readFileSync(join(__dirname, 'webview', 'webview.css'), 'utf8'),
    name: basename(path),
    trace: readFileSync(path),
  });
  writeFileSync(output, html);
  process.stdout.write(`isoscope: the timeline of ${path} (${trace.events.length} events) is in ${output}
`);
  return 0;
}

async function recordCommandLine(args: string[]): Promise<number> {
  const dashes = args.indexOf('--');
  const own = dashes === -1 ? args : args.slice(0, dashes);
  const { values, positionals } = parseArgs({ args: own, options: { output: { type: 'string', short: 'o' } }, allowPositionals: true, strict: true });
  const command = dashes === -1 ? positionals : [...positionals, ...args.slice(dashes + 1)];
  if (command.length === 0) usageError('record needs a command to run, after --');
  const output = values.output ?? 'isoscope.isotrace';
  const result = await recordCommand(command, output, join(__dirname, 'register.cjs'));
  const { path, pids, events, summary } = result.written;
  const of = pids.length === 1 ? `pid ${pids[0]}` : `${pids.length} processes (pids ${pids.join(', ')})`;
  process.stderr.write(`\nisoscope: trace of ${of} (${events} events) written to ${path}\n`);
  process.stderr.write(`${formatSummary(summary)}\n${formatFindingsSection(result.findings)}\n`);
  if (result.exitCode !== 0) process.stderr.write(`isoscope: the program exited with code ${result.exitCode}\n`);
  return result.exitCode;
}

async function lintCommandLine(args: string[]): Promise<number> {
  // The check and its compiler are bundles of their own, loaded by this command only.
  const lint = createRequire(__filename)(join(__dirname, 'lint.cjs')) as typeof import('./lint');
  try {
    return lint.lintCommand(args, usageError);
  } catch (error) {
    // Exit code 1 means findings, to CI: every failure is 2 (a usage error, a project it cannot
    // read, a crash), with one line saying what.
    const known = error instanceof CliError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const reason = error instanceof Error ? (known ? error.message : `the check crashed: ${error.name}: ${error.message}`) : `the check crashed: ${String(error)}`;
    process.stderr.write(`isoscope: ${reason.split('\n')[0]}\n`);
    return 2;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'record':
      return recordCommandLine(rest);
    case 'summary':
      return summaryCommand(rest);
    case 'findings':
      return findingsCommand(rest);
    case 'export':
      return exportCommand(rest);
    case 'report':
      return reportCommand(rest);
    case 'lint':
      return lintCommandLine(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    case '-v':
    case '--version':
      process.stdout.write(`${ISOSCOPE_VERSION}\n`);
      return 0;
    default:
      usageError(`unknown command "${command}"`);
  }
}

// Output piped into a reader that stops early (`isoscope lint | head`): end quietly, as
// Unix tools do, instead of an unhandled EPIPE with its stack.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Usage and input errors are one line; anything else is a bug worth its stack.
    const known = error instanceof CliError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`isoscope: ${known ? (error as Error).message : (error as Error).stack}\n`);
    process.exitCode = known && !(error instanceof CliError) ? 2 : error instanceof CliError && /--help/.test(error.message) ? 2 : 1;
  },
);
