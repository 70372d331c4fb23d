// `isoscope record -- <command>`: runs a command with the preload in NODE_OPTIONS, so every
// Node process it starts is traced (node, tsx, npm scripts, the children a program forks…),
// each into its own file, on one clock. The trace keeps the processes that started isolates
// or workers or talk to another over IPC (npm itself, say, is left out), merged into one
// file when there are several.
import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodeEvent, encodeHeader } from '../protocol/traceEncode';
import { SessionMerge } from '../protocol/sessionMerge';
import type { TraceEvent, TraceHeader } from '../protocol/traceEvents';
import { withPreload } from '../protocol/nodeOptions';
import type { LoadedTrace } from './readTraceFile';
import { TraceFollower } from './traceFollower';
import { summarize, type TraceSummary } from '../protocol/traceSummary';
import { findTraceFindings } from '../protocol/findings/engine';
import type { Finding } from '../protocol/findings/findingTypes';

/** How often the traces are read while the command runs. */
const FOLLOW_INTERVAL_MS = 100;

export interface RecordResult {
  /** The trace written: where, the pids of the processes it holds (the first heads it), how
   * many events it holds and its summary. */
  written: { path: string; pids: number[]; events: number; summary: TraceSummary };
  /** The written trace's findings. */
  findings: Finding[];
  /** The command's exit code (128 + signal number when a signal ended it). */
  exitCode: number;
}

export class CliError extends Error {}

export async function recordCommand(command: string[], output: string, registerPath: string): Promise<RecordResult> {
  const dir = mkdtempSync(join(tmpdir(), 'isoscope-record-'));
  try {
    const env = {
      ...process.env,
      ISOSCOPE_TRACE: join(dir, 'trace-%p.isotrace'),
      NODE_OPTIONS: withPreload(process.env['NODE_OPTIONS'], registerPath),
    };
    // The traces are read as they are written (traceFollower.ts).
    const follower = new TraceFollower(dir);
    const timer = setInterval(() => {
      // Reading during the run only saves time at the end, which reads what is left anyway:
      // a file that cannot be read now (being made, too many files open) is read then.
      try {
        follower.poll();
      } catch {
        // read at the end
      }
    }, FOLLOW_INTERVAL_MS);
    let exitCode: number;
    try {
      exitCode = await run(command, env);
    } catch (error) {
      follower.close();
      throw error;
    } finally {
      clearInterval(timer);
    }
    const traces = follower.finish();
    if (traces.length === 0) throw new CliError(`no Node.js process started by \`${command.join(' ')}\` was traced (is it a Node program? does it start node with NODE_OPTIONS cleared?)`);
    // The processes worth keeping: those that started isolates or workers, and those that
    // talked to another over IPC (either end of a link: a send to another process, or events
    // on a link another process numbered).
    const pids = new Set(traces.flatMap((t) => t.keeps));
    let kept = traces.filter((t) => pids.has(t.header?.pid ?? -1));
    // No process did anything parallel: the biggest trace is the one worth a look.
    if (kept.length === 0) kept = [traces.reduce((a, b) => (statSync(a.file).size >= statSync(b.file).size ? a : b))];
    const path = resolve(output);
    if (kept.length === 1) {
      const only = kept[0]!;
      const summary = only.summary();
      // A copy, never a rename: a process that outlives the command (detached, in the
      // background) still writes to its file, and must not write on into the -o file.
      copyFileSync(only.file, path);
      // Its summary and findings were made as it was read.
      return { written: { path, pids: [only.header?.pid ?? 0], events: only.events, summary }, findings: only.findings.finish(), exitCode };
    }
    // The pids in the merged trace's order: the process that started first (the command's own) heads it.
    const ordered = orderByStart(kept.map((k) => k.loaded()));
    const trace = writeMerged(path, ordered);
    const written = { path, pids: ordered.map((t) => t.header!.pid), events: trace.events.length, summary: summarize(trace.events, trace.header) };
    return { written, findings: findTraceFindings(trace.events), exitCode };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The traces in the order their processes started (a parent before its children). */
function orderByStart(traces: LoadedTrace[]): LoadedTrace[] {
  const start = (t: LoadedTrace): number => (t.header?.origin ?? 0) + (t.events[0]?.t ?? 0);
  return [...traces].sort((a, b) => start(a) - start(b));
}

/** The traces (each with its header, the first to head the merged one) as one trace, merged
 * as a live session's processes are (sessionMerge.ts), every one of them shown. */
export function mergeTraces(traces: LoadedTrace[]): LoadedTrace & { header: TraceHeader } {
  let header: TraceHeader | undefined;
  const events: TraceEvent[] = [];
  const merge = new SessionMerge(
    {
      onHeader: (first) => (header = first),
      onEvents: (merged) => {
        for (const event of merged) events.push(event);
      },
      // Each file's problems are its reader's, below.
      onProblem: () => undefined,
    },
    { keep: traces.map((t) => t.header!.pid) },
  );
  for (const trace of traces) merge.add(trace.header!, trace.events);
  return { header: header ?? traces[0]!.header!, events, problems: traces.flatMap((t) => t.problems) };
}

/** Writes the traces as one (see mergeTraces); returns it as read back. */
function writeMerged(path: string, traces: LoadedTrace[]): LoadedTrace {
  const merged = mergeTraces(traces);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, encodeHeader(merged.header));
    // In chunks of about 1 MB: one write per event would be slow, one string of all too big.
    let chunk = '';
    for (const event of merged.events) {
      chunk += encodeEvent(event);
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return merged;
}

function run(command: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env, shell: process.platform === 'win32' });
    // Ctrl-C reaches the program (same process group); we stay to write its trace.
    const ignore = (): void => undefined;
    process.on('SIGINT', ignore);
    child.on('error', (error: NodeJS.ErrnoException) => {
      process.off('SIGINT', ignore);
      reject(new CliError(error.code === 'ENOENT' ? `cannot run \`${command[0]}\`: command not found` : `cannot run \`${command[0]}\`: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      resolvePromise(code ?? 128 + (signal ? (signalNumbers[signal] ?? 1) : 1));
    });
  });
}

const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15 };
