// Isoscope: Run Current File with Isolate Tracing — the file runs in a terminal of its own,
// without the debugger, streaming to a live session: JavaScript with node, TypeScript with
// the workspace's tsx. The terminal's process is the program, so the session ends with it.
import * as vscode from 'vscode';
import { existsSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, extname, join } from 'node:path';
import { withPreload } from '../protocol/nodeOptions';
import type { LiveSession } from './session/liveSession';
import type { SessionRegistry } from './session/sessionRegistry';
import { readSettings } from './settings';

const JAVASCRIPT = ['.js', '.mjs', '.cjs'];
const TYPESCRIPT = ['.ts', '.mts', '.cts'];

export interface RunDeps {
  sessions: SessionRegistry;
  preload: string;
  log: vscode.LogOutputChannel;
  /** The session is about to run (the panel may open now). */
  started(session: LiveSession): void;
}

export async function runWithTracing(given: vscode.Uri | undefined, deps: RunDeps): Promise<LiveSession | undefined> {
  const document = given ? undefined : vscode.window.activeTextEditor?.document;
  const uri = given ?? document?.uri;
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('Isoscope: open a JavaScript or TypeScript file on disk to run it with isolate tracing.');
    return undefined;
  }
  const file = uri.fsPath;
  const extension = extname(file).toLowerCase();
  if (![...JAVASCRIPT, ...TYPESCRIPT].includes(extension)) {
    void vscode.window.showErrorMessage(`Isoscope: ${basename(file)} is not a program Isoscope can run (.js, .mjs, .cjs, or .ts, .mts, .cts through tsx).`);
    return undefined;
  }
  if (document?.isDirty) await document.save();
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const runner = TYPESCRIPT.includes(extension) ? findTsx(dirname(file), folder?.uri.fsPath) : findOnPath('node');
  if (!runner) {
    const message = TYPESCRIPT.includes(extension)
      ? `Isoscope: running ${basename(file)} needs tsx in the workspace (npm install --save-dev tsx).`
      : 'Isoscope: cannot find node on the PATH.';
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
  const settings = readSettings(uri);
  const session = await deps.sessions.create(basename(file));
  const terminal = vscode.window.createTerminal({
    name: `Isoscope: ${basename(file)}`,
    shellPath: runner,
    shellArgs: [file],
    cwd: folder?.uri.fsPath ?? dirname(file),
    env: {
      NODE_OPTIONS: withPreload(process.env['NODE_OPTIONS'], deps.preload),
      ...session.env,
      ISOSCOPE_HEAP_INTERVAL_MS: String(settings.heapSampleIntervalMs),
      ISOSCOPE_CONTROL: '1', // the Isolates view may kill, pause and resume its isolates
      ...(settings.captureLocations ? { ISOSCOPE_CAPTURE_LOCATIONS: '1' } : {}),
    },
  });
  deps.log.info(`running ${file} with ${runner} in a terminal, traced into "${session.name}"`);
  const closed = vscode.window.onDidCloseTerminal((t) => {
    if (t !== terminal) return;
    closed.dispose();
    const code = t.exitStatus?.code;
    void session.end(code === undefined ? 'the terminal was closed' : code === 0 ? 'the program exited' : `the program exited with code ${code}`);
  });
  endWhenAllProcessesEnd(session, () => closed.dispose());
  terminal.show(true);
  deps.started(session);
  return session;
}

/** Ends the session once every process that streamed to it has ended and none came for a moment. */
function endWhenAllProcessesEnd(session: LiveSession, done: () => void): void {
  let timer: NodeJS.Timeout | undefined;
  const check = (): void => {
    clearTimeout(timer);
    const processes = [...session.processes.values()];
    if (processes.length === 0 || processes.some((p) => p.connected)) return;
    timer = setTimeout(() => {
      if ([...session.processes.values()].every((p) => !p.connected)) {
        done();
        void session.end('the program exited');
      }
    }, 500);
  };
  session.on('changed', check);
}

/** The workspace's tsx: node_modules/.bin/tsx in the file's folder or one above it, up to the workspace folder. */
function findTsx(from: string, root: string | undefined): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
    if (existsSync(candidate)) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

function findOnPath(command: string): string | undefined {
  const names = process.platform === 'win32' ? [`${command}.exe`, `${command}.cmd`] : [command];
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
