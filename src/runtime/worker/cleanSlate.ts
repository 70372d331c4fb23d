// Whether a thread that ran an Isolate.run computation can run the next one as if it were
// a new isolate. Dart's contract is that each computation starts fresh: no global and no
// state an earlier computation left. The computation runs in the thread's own realm (a
// node:vm context would give it fresh built-ins, but Node's objects — its errors, Buffers,
// the modules it loads — would be of another realm, and `instanceof Error` would fail on
// them), so the thread is reused only when the computation left nothing behind, looked at a
// turn of the event loop after its result (what it started has run on by then, and what it
// closed has closed; a handle still open is looked at again for up to 10 ms, and a message
// port for up to a second, as printed output holds the thread's stdio port until the parent
// has written it):
//   - globalThis, the built-in objects (those behind Node's getters too: process, Buffer,
//     performance), their prototypes and their constructors' own properties are as they
//     were (nothing added, replaced or removed; no prototype swapped; none made
//     non-extensible);
//   - process.env, process's listeners, process.exitCode and its uncaught-exception capture
//     callback are as they were;
//   - no module of its own was loaded (require()'s cache is as it was, no import() of
//     anything but Node's built-ins: a module's state would outlive the computation);
//   - no timer, immediate, socket, worker, child process or other handle that keeps a
//     thread alive is open, no port of the runtime is open, no isolate is hosted.
// Otherwise the thread ends after the computation, as every Isolate.run isolate used to.
// Not seen: a change inside a Node built-in module's object (require('node:fs').x = 1), an
// unreferenced timer (unref()), a promise that settles later, and a change to the prototype
// of a Web API class (TextEncoder, Blob…) made by the computation that first used it (Node
// loads those on first use).
import { createRequire } from '../cjsModule';
import { openLocalPorts } from '../sendPort';
import { hostedChildren } from '../isolateManager';

interface Baseline {
  objects: object[];
  properties: unknown[];
  env: string;
  processState: string;
  modules: number;
  resources: string;
  ports: number;
}

let baseline: Baseline | undefined;
let loadedModule = false;
const moduleCache = createRequire(__filename).cache;

/** Globals Node defines with a getter that returns an object already made. */
const EAGER_ACCESSORS = ['process', 'Buffer', 'performance'];

/** The objects whose own properties a computation must leave as they were. */
function watchedObjects(): object[] {
  const objects = new Set<object>([globalThis]);
  const add = (value: unknown): void => {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return;
    objects.add(value);
    const prototype = (value as { prototype?: unknown }).prototype;
    if (typeof value === 'function' && typeof prototype === 'object' && prototype !== null) objects.add(prototype);
  };
  for (const key of Reflect.ownKeys(globalThis)) add(Object.getOwnPropertyDescriptor(globalThis, key)?.value);
  // Node's globals defined by getters that are not lazy: the objects behind them.
  for (const name of EAGER_ACCESSORS) add(Reflect.get(globalThis, name));
  // Intrinsics that no global names.
  add(Object.getPrototypeOf(function* () {}));
  add(Object.getPrototypeOf(async function () {}));
  add(Object.getPrototypeOf([][Symbol.iterator]()));
  add(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
  add(Object.getPrototypeOf(Uint8Array));
  add(Object.getPrototypeOf(Uint8Array.prototype));
  return [...objects];
}

/** Every watched object's prototype, extensibility and own properties, flattened: for each
 * object its key count, prototype and extensibility, then per property its key, value,
 * getter, setter and flags. */
function properties(objects: readonly object[]): unknown[] {
  const out: unknown[] = [];
  for (const object of objects) {
    const keys = Reflect.ownKeys(object);
    out.push(keys.length, Object.getPrototypeOf(object), Object.isExtensible(object));
    for (const key of keys) {
      const d = Object.getOwnPropertyDescriptor(object, key)!;
      out.push(key, d.value, d.get, d.set, d.writable, d.enumerable, d.configurable);
    }
  }
  return out;
}

const FIELDS = 7;

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Whether the properties are as before but for globals Node defines lazily (a getter that,
 * on first use, loads its module and puts the value in its own place): one that a computation
 * used is still the same value. */
function sameButLazy(objects: readonly object[], before: readonly unknown[], now: readonly unknown[]): boolean {
  let i = 0;
  let j = 0;
  for (const object of objects) {
    const count = before[i] as number;
    for (let f = 0; f < 3; f++) if (!Object.is(before[i + f], now[j + f])) return false;
    i += 3;
    j += 3;
    const earlier = new Map<unknown, number>();
    for (let k = 0; k < count; k++, i += FIELDS) earlier.set(before[i], i);
    for (let k = 0; k < count; k++, j += FIELDS) {
      const at = earlier.get(now[j]);
      if (at === undefined) return false;
      let same = true;
      for (let f = 1; f < FIELDS; f++) if (!Object.is(before[at + f], now[j + f])) same = false;
      if (same) continue;
      const getter = before[at + 2] as (() => unknown) | undefined;
      if (getter === undefined || now[j + 2] !== undefined || !Object.is(getter.call(object), now[j + 1])) return false;
    }
  }
  return true;
}

function environment(): string {
  return JSON.stringify(Object.entries(process.env));
}

/** process's listeners, and what else of process a computation can set that would outlive it. */
function processState(): string {
  const listeners = process.eventNames().map((name) => `${String(name)}:${process.listenerCount(name)}`).join(',');
  return `${listeners}|${String(process.exitCode)}|${process.hasUncaughtExceptionCaptureCallback()}`;
}

function withoutPorts(resources: string): string {
  return resources.split(',').filter((name) => name !== 'MessagePort').join(',');
}

function resources(): string {
  return process.getActiveResourcesInfo().sort().join(',');
}

/** What leftBehind() says of a handle still open: it may be closing (the output the
 * computation printed, until the parent thread has taken it), so it is worth asking again. */
export const HANDLE_OPEN = 'it left a timer or handle open';
/** What leftBehind() says when the only handles left open are message ports: among them the
 * thread's stdio port, held open until the parent thread has written what was printed, which
 * takes as long as the parent is busy. */
export const PORT_OPEN = 'it left a message port open';

/** Notes the thread's state before its first computation; later ones are held against it. */
export function noteCleanState(): void {
  loadedModule = false;
  if (baseline) return;
  const objects = watchedObjects();
  baseline = {
    objects, properties: properties(objects), env: environment(), processState: processState(),
    modules: Object.keys(moduleCache).length, resources: resources(), ports: openLocalPorts(),
  };
}

/** A computation imported a module that is not one of Node's built-ins. */
export function noteModuleLoaded(): void {
  loadedModule = true;
}

/** What the computation left behind, or undefined when the thread is as it was before it. */
export function leftBehind(): string | undefined {
  const before = baseline;
  if (!before) return 'no state was noted before the computation';
  if (loadedModule || Object.keys(moduleCache).length !== before.modules) return 'it loaded a module';
  if (hostedChildren() > 0) return 'it started an isolate';
  if (openLocalPorts() !== before.ports) return 'it left a port open';
  const open = resources();
  if (open !== before.resources) return withoutPorts(open) === withoutPorts(before.resources) ? PORT_OPEN : HANDLE_OPEN;
  if (processState() !== before.processState) return 'it added a process listener or set process.exitCode';
  if (environment() !== before.env) return 'it changed process.env';
  const now = properties(before.objects);
  if (!sameList(now, before.properties)) {
    if (!sameButLazy(before.objects, before.properties, now)) return 'it changed a global or a built-in object';
    // Watch what the lazy globals turned out to be from now on.
    before.objects = watchedObjects();
    before.properties = properties(before.objects);
  }
  return undefined;
}
