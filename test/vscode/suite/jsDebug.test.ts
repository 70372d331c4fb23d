// js-debug, which the extension builds on, in this host: it debugs programs with worker
// threads and child processes as a user's F5 would, and its sessions and events say which
// process and thread each belongs to. What it showed is kept in the results' notes (jsDebug).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { watchDebugSessions } from './debugSessions';
import { note } from './notes';

/** Debugs `program` (a file of the workspace) from start to end, watching its sessions. */
async function debugToEnd(program: string): Promise<ReturnType<typeof watchDebugSessions> & { text: string }> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the host opened no workspace folder');
  const watch = watchDebugSessions();
  try {
    const name = `fixture ${program}`;
    const started = await vscode.debug.startDebugging(folder, { type: 'node', request: 'launch', name, program: join(folder.uri.fsPath, program) });
    assert.equal(started, true, 'startDebugging returned false');
    await watch.ended(name, 60_000); // debugger start-up alone takes 10–15 s here
  } finally {
    watch.dispose();
  }
  const { sessions, threadEvents, stoppedEvents, processEvents } = watch;
  note(`jsDebug ${program}`, { sessions, threadEvents, stoppedEvents, processEvents });
  return { ...watch, text: watch.output.join('') };
}

const pids = (text: string) => [...text.matchAll(/process (\d+) /g)].map((match) => match[1]!);

describe('js-debug in this host', function () {
  this.timeout(90_000);

  it('debugs a program with a worker thread: the worker has its own session and thread, and its stops arrive there', async () => {
    const run = await debugToEnd('workerProgram.cjs');
    assert.match(run.text, /main got: hello from the worker/, `the program did not run to the worker's message; its output:\n${run.text}`);
    const worker = run.sessions.find((session) => session.name === '[worker 1] fixture-worker');
    assert.ok(worker, `no session for the worker; sessions: ${run.sessions.map((session) => session.name).join(', ')}`);
    assert.ok(run.threadEvents.some((event) => event.session === worker.name && event.reason === 'started'), `no 'thread' started event in the worker's session: ${JSON.stringify(run.threadEvents)}`);
    assert.ok(run.stoppedEvents.some((event) => event.session === worker.name), `the worker's debugger statement stopped no thread in its session: ${JSON.stringify(run.stoppedEvents)}`);
  });

  it('debugs a program that forks another: each process has a session named with its pid', async () => {
    const run = await debugToEnd('forkingProgram.cjs');
    const printed = pids(run.text);
    assert.equal(printed.length, 2, `expected both processes to print their pid; output:\n${run.text}`);
    for (const pid of printed) assert.ok(run.sessions.some((session) => session.name.includes(`[${pid}]`)), `no session named with pid ${pid}: ${run.sessions.map((session) => session.name).join(', ')}`);
  });
});
