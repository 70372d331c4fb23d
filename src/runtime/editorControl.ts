// What the editor's control requests (src/protocol/liveControl.ts) do to an Isolate API
// isolate this thread hosts: what Isolate.kill, pause and resume do, on the host's own record
// of it, with the editor named as who asked. The editor holds one pause of its own per
// isolate: pausing twice needs one resume, and its resume never lifts the program's pauses.
import { Capability } from './capability';
import type { ChildIsolate } from './childIsolate';
import type { Controllable } from './tracing/remoteControl';
import { tracer } from './tracing/core';

const { record, traceNow, tracingOn } = tracer;

export function editorControls(child: ChildIsolate): Controllable {
  let editorPause: Capability | undefined;
  return {
    kill(priority) {
      if (!child.alive) return;
      if (tracingOn()) record({ type: 'kill', t: traceNow(), isolate: child.id, by: 'editor', priority });
      if (priority === 'immediate') child.terminate();
      else child.post({ type: 'kill' });
    },
    pause() {
      child.pause((editorPause ??= new Capability()), 'editor');
    },
    resume() {
      if (editorPause) child.resume(editorPause, 'editor');
    },
  };
}
