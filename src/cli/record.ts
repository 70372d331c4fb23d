// `isoscope record -- <command>`: runs a command with the preload in NODE_OPTIONS, so every
// Node process it starts is traced (node, tsx, npm scripts…), each into its own file. The
// process that started isolates or workers is the trace; if several did, each is kept.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, copyFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname, basename, extname } from 'node:path';
import { readTraceFile, type LoadedTrace } from './readTraceFile';

export interface RecordResult {
  /** The traces written, the main one first. */
  written: { path: string; trace: LoadedTrace }[];
  /** The command's exit code (128 + signal number when a signal ended it). */
  exitCode: number;
}

export class CliError extends Error {}

/** Quotes a path for NODE_OPTIONS, which splits on spaces. */
function quoted(path: string): string {
  return `"${path.replace(/(["\\])/g, '\\$1')}"`;
}

export async function recordCommand(command: string[], output: string, registerPath: string): Promise<RecordResult> {
  const dir = mkdtempSync(join(tmpdir(), 'isoscope-record-'));
  try {
    const env = {
      ...process.env,
      ISOSCOPE_TRACE: join(dir, 'trace-%p.isotrace'),
      NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --require ${quoted(registerPath)}`.trim(),
    };
    const exitCode = await run(command, env);
    const files = readdirSync(dir).filter((f) => f.endsWith('.isotrace'));
    if (files.length === 0) throw new CliError(`no Node.js process started by \`${command.join(' ')}\` was traced (is it a Node program? does it start node with NODE_OPTIONS cleared?)`);
    const traces = await Promise.all(files.map(async (f) => ({ file: join(dir, f), trace: await readTraceFile(join(dir, f)) })));
    const withIsolates = traces.filter((t) => t.trace.events.some((e) => e.type === 'spawn'));
    const keep = withIsolates.length > 0 ? withIsolates : [traces.reduce((a, b) => (statSync(a.file).size >= statSync(b.file).size ? a : b))];
    keep.sort((a, b) => b.trace.events.length - a.trace.events.length);
    const target = resolve(output);
    const written = keep.map((t, i) => {
      const path = i === 0 ? target : join(dirname(target), `${basename(target, extname(target))}.${t.trace.header?.pid ?? i}${extname(target) || '.isotrace'}`);
      copyFileSync(t.file, path);
      return { path, trace: t.trace };
    });
    return { written, exitCode };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
