// Each thread hosts the isolates it spawned. Requests made through an Isolate handle
// (pause, kill, listeners…) arrive here, on one internal port per thread, because only the
// thread that owns a Worker can terminate it. This module knows records (ChildIsolate), not
// Isolate handles: isolate.ts builds those and imports this, so this must not import it.
import { Capability, capabilityId } from './capability';
import type { ChildIsolate } from './childIsolate';
import { IMMEDIATE, type ControlRequest } from './controlMessages';
import { context } from './isolateContext';
import { RawReceivePort } from './receivePort';
import { forgetControllable, hostControllable } from './tracing/remoteControl';
import { editorControls } from './editorControl';
import type { SendPort } from './sendPort';

const children = new Map<number, ChildIsolate>();
/** Ids of isolates this thread hosted that have exited, so late requests can be answered. */
const exited = new Map<number, true>();
let controlPort: RawReceivePort | undefined;
let selfPause: Capability | undefined;
let selfTerminate: Capability | undefined;

/** The port every Isolate handle of this thread's children sends its requests to. */
export function managerPort(): SendPort {
  if (!controlPort) {
    controlPort = new RawReceivePort((request: ControlRequest) => handle(request), 'isolate-control', false);
    controlPort.keepIsolateAlive(false);
  }
  return controlPort.sendPort;
}

/** Adopts a freshly started worker as a child isolate of this thread. */
export function adoptChild(child: ChildIsolate): ChildIsolate {
  children.set(child.id, child);
  hostControllable(child.id, editorControls(child));
  return child;
}

/** Forgets an exited child, remembering its id so late requests are still answered. */
export function forgetChild(child: ChildIsolate): void {
  children.delete(child.id);
  forgetControllable(child.id);
  exited.set(child.id, true);
  if (exited.size > 10_000) exited.delete(exited.keys().next().value!);
}

/** How many isolates this thread hosts now. */
export function hostedChildren(): number {
  return children.size;
}

/** Handles a request here when this thread hosts its target; false when it must be sent. */
export function controlLocally(port: SendPort, request: ControlRequest): boolean {
  if (!controlPort || port !== controlPort.sendPort) return false;
  handle(request);
  return true;
}

/** The main isolate's pause and terminate capabilities, made on first use: its requests to
 * itself must carry them. Until then no request can pause or kill it. */
export function selfCapabilities(): { pause: Capability; terminate: Capability } {
  selfPause ??= new Capability();
  selfTerminate ??= new Capability();
  return { pause: selfPause, terminate: selfTerminate };
}

function allowed(auth: Capability | null, required: Capability | undefined): boolean {
  return auth !== null && required !== undefined && auth.equals(required);
}

function handle(request: ControlRequest): void {
  if (request.target === context.isolateId) {
    handleSelf(request);
    return;
  }
  const child = children.get(request.target);
  if (!child) {
    // The isolate is gone. Exit listeners still get their answer, so nobody waits forever.
    if (request.op === 'addOnExit' && exited.has(request.target)) request.port.send(request.response);
    return;
  }
  switch (request.op) {
    case 'pause':
      if (allowed(request.auth, child.pauseCapability)) child.pause(request.capability);
      return;
    case 'resume':
      child.resume(request.capability);
      return;
    case 'kill':
      if (!allowed(request.auth, child.terminateCapability)) return;
      if (request.priority === IMMEDIATE) child.terminate();
      else child.post({ type: 'kill', to: child.id });
      return;
    case 'ping':
      // An immediate ping is answered by the host, which knows the isolate is alive even
      // while it is busy; otherwise the isolate answers after its current event.
      if (request.priority === IMMEDIATE) request.port.send(request.response);
      else child.post({ type: 'ping', to: child.id, port: request.port, response: request.response });
      return;
    case 'addOnExit':
      child.exitListeners.set(request.port.key, { port: request.port, response: request.response });
      return;
    case 'removeOnExit':
      child.exitListeners.delete(request.port.key);
      return;
    case 'addError':
      child.errorListeners.set(request.port.key, request.port);
      return;
    case 'removeError':
      child.errorListeners.delete(request.port.key);
      return;
    case 'setErrorsFatal':
      if (allowed(request.auth, child.terminateCapability)) child.post({ type: 'setErrorsFatal', to: child.id, value: request.value });
      return;
  }
}

/** Requests the main isolate makes of itself. When it ends, the program ends, so there is
 * nobody left for exit or error listeners to tell: those are accepted and never fire. */
function handleSelf(request: ControlRequest): void {
  switch (request.op) {
    case 'pause':
      if (allowed(request.auth, selfPause)) context.pause(capabilityId(request.capability));
      return;
    case 'resume':
      context.resume(capabilityId(request.capability));
      return;
    case 'kill':
      if (!allowed(request.auth, selfTerminate)) return;
      if (request.priority === IMMEDIATE) process.exit(0);
      setImmediate(() => process.exit(0));
      return;
    case 'ping':
      if (request.priority === IMMEDIATE) request.port.send(request.response);
      else setImmediate(() => request.port.send(request.response));
      return;
    default:
      return;
  }
}
