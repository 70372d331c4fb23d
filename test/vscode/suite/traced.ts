// Helpers for the extension's in-host tests: its API (what activate() returns), and a debug
// session of a workspace program followed to its end, with the live session it streamed to.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { IsoscopeApi } from '../../../src/extension/extension';
import type { LiveSession } from '../../../src/extension/session/liveSession';
import type { ParsedTrace } from '../../../src/protocol/traceReader';

export const EXTENSION_ID = 'isoscope.isoscope';

export async function isoscope(): Promise<{ api: IsoscopeApi; extension: vscode.Extension<IsoscopeApi> }> {
  const extension = vscode.extensions.getExtension<IsoscopeApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this host`);
  const api = await extension.activate();
  return { api, extension };
}

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the host opened no workspace folder');
  return folder;
}

/** Makes `isoscope` importable in `folder` of the workspace: node_modules/isoscope links to this extension. */
export function linkRuntime(folder: string): void {
  const link = join(folder, 'node_modules', 'isoscope');
  mkdirSync(join(folder, 'node_modules'), { recursive: true });
  if (!existsSync(link)) symlinkSync(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, link, 'dir');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check()` holds (polling), or fails saying `what`. */
export async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(50);
  }
}

export interface DebugRun {
  /** The top-level debug session, as resolved (its configuration holds the injection). */
  debugSession: vscode.DebugSession;
  /** The live session the program streamed to (undefined when nothing was injected). */
  live: LiveSession | undefined;
  /** DAP stopped events seen in the run's sessions. */
  stops: { debugSession: vscode.DebugSession; threadId: number; reason?: string; description?: string }[];
  /** Resolves when the top-level session has terminated. */
  terminated: Promise<void>;
}

/** Starts debugging `config` (a launch of a workspace program, by name); returns once it started. */
export async function startDebug(config: vscode.DebugConfiguration, api: IsoscopeApi, options: { continueStops?: boolean } = {}): Promise<DebugRun> {
  const folder = workspaceFolder();
  const before = new Set(api.sessions.all);
  const stops: DebugRun['stops'] = [];
  const names = new Set<string>([config.name]);
  let root: vscode.DebugSession | undefined;
  let ended!: () => void;
  const terminated = new Promise<void>((resolve) => (ended = resolve));
  const disposables = [
    vscode.debug.onDidStartDebugSession((s) => {
      if (s.name === config.name && !s.parentSession) root = s;
    }),
    vscode.debug.onDidTerminateDebugSession((s) => {
      if (s === root) {
        ended();
        for (const d of disposables) d.dispose();
      }
    }),
    vscode.debug.registerDebugAdapterTrackerFactory('*', {
      createDebugAdapterTracker: (s) => {
        let top: vscode.DebugSession | undefined = s;
        while (top?.parentSession) top = top.parentSession;
        if (!top || !names.has(top.name)) return undefined;
        return {
          onDidSendMessage: (message: { type?: string; event?: string; body?: { reason?: string; description?: string; threadId?: number } }) => {
            if (message.type !== 'event' || message.event !== 'stopped') return;
            stops.push({ debugSession: s, threadId: message.body?.threadId ?? 0, ...message.body });
            if (options.continueStops) void s.customRequest('continue', { threadId: message.body?.threadId });
          },
        };
      },
    }),
  ];
  const program = typeof config['program'] === 'string' ? config['program'] : undefined;
  const started = await vscode.debug.startDebugging(folder, { ...config, ...(program ? { program: join(folder.uri.fsPath, program) } : {}) });
  assert.equal(started, true, `startDebugging("${config.name}") returned false`);
  await until(() => root !== undefined, `the debug session "${config.name}" to start`);
  const live = api.sessions.all.find((s) => !before.has(s) && s.name === config.name);
  return { debugSession: root!, live, stops, terminated };
}

/** Debugs `config` to its end (debugger start-up alone takes 10–15 s here). */
export async function debugToEnd(config: vscode.DebugConfiguration, api: IsoscopeApi, options: { continueStops?: boolean } = {}): Promise<DebugRun> {
  const run = await startDebug(config, api, options);
  await withTimeout(run.terminated, 90_000, `the debug session "${config.name}" to end`);
  if (run.live) await until(() => !run.live!.live, `the live session "${config.name}" to end`, 10_000);
  return run;
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s waiting for ${what}`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** A saved .isotrace, read by the extension's own copy of the runtime's reader. */
export function readSavedTrace(extensionPath: string, path: string): ParsedTrace {
  const runtime = require(join(extensionPath, 'dist', 'index.cjs')) as { parseTrace(text: string): ParsedTrace };
  return runtime.parseTrace(readFileSync(path, 'utf8'));
}
