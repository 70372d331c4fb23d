// What the editor's control requests (src/protocol/liveControl.ts) do to an Isolate API
// isolate this thread hosts: what Isolate.kill, pause and resume do, on the host's own record
// of it, with the editor named as who asked. The editor holds one pause of its own per
// isolate: pausing twice needs one resume, its resume never lifts the program's pauses, and
// when the editor goes (its socket closes) its pause is lifted, so no isolate stays held by a
// reader that is gone. A kill asked while the isolate still starts waits until it has started:
// the program's `await Isolate.spawn(…)` gets its isolate, which then ends killed, instead of a
// spawn that failed.
import { Capability } from './capability';
import type { ChildIsolate } from './childIsolate';
import type { Controllable } from './tracing/remoteControl';
import { tracer } from './tracing/core';

const { record, traceNow, tracingOn } = tracer;

export function editorControls(child: ChildIsolate): Controllable {
  let editorPause: Capability | undefined;
  let killAsked = false;
  const resume = (): void => {
    if (editorPause) child.resume(editorPause, 'editor');
    editorPause = undefined;
  };
  return {
    kill(priority) {
      if (!child.alive || killAsked) return;
      killAsked = true;
      if (tracingOn()) record({ type: 'kill', t: traceNow(), isolate: child.id, by: 'editor', priority });
      const kill = (): void => {
        if (priority === 'immediate') child.terminate();
        else child.post({ type: 'kill', to: child.id });
      };
      if (child.ready) kill();
      else child.whenReady().then(kill, () => undefined); // (one that fails to start ends by itself)
    },
    pause() {
      child.pause((editorPause ??= new Capability()), 'editor');
    },
    resume,
    release: resume,
  };
}
