// The names a function running in an isolate can use without defining them: the globals of a
// worker thread, Node's module-scope names and the runtime's API, which the runtime passes to
// every entry function it compiles. One static list, shared by the runtime's check at the call
// (src/runtime/entrySource.ts) and the editor's and `isoscope lint`'s capture check
// (src/refactor), so the two never disagree. test/unit/protocol/isolateGlobals.test.ts holds
// it against what a real worker thread has.

/** Object.getOwnPropertyNames(globalThis) in a worker thread on Node 20: ECMAScript's and Node's
 * globals. Not the calling thread's own globalThis, which a program (or its test runner: mocha's
 * `describe`) may have added to: an isolate starts with none of that. */
export const NODE_GLOBALS = [
  // ECMAScript
  'Object', 'Function', 'Array', 'Number', 'parseFloat', 'parseInt', 'Infinity', 'NaN', 'undefined',
  'Boolean', 'String', 'Symbol', 'Date', 'Promise', 'RegExp', 'Error', 'AggregateError', 'EvalError',
  'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'globalThis', 'JSON', 'Math',
  'Intl', 'ArrayBuffer', 'Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array',
  'Int32Array', 'Float32Array', 'Float64Array', 'Uint8ClampedArray', 'BigUint64Array', 'BigInt64Array',
  'DataView', 'Map', 'BigInt', 'Set', 'WeakMap', 'WeakSet', 'Proxy', 'Reflect', 'FinalizationRegistry',
  'WeakRef', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape',
  'eval', 'isFinite', 'isNaN', 'SharedArrayBuffer', 'Atomics', 'WebAssembly',
  // Node and the web platform as Node has it
  'console', 'process', 'global', 'Buffer', 'clearImmediate', 'setImmediate', 'URL', 'URLSearchParams',
  'DOMException', 'AbortController', 'AbortSignal', 'Event', 'EventTarget', 'TextEncoder', 'TextDecoder',
  'TransformStream', 'TransformStreamDefaultController', 'WritableStream', 'WritableStreamDefaultController',
  'WritableStreamDefaultWriter', 'ReadableStream', 'ReadableStreamDefaultReader', 'ReadableStreamBYOBReader',
  'ReadableStreamBYOBRequest', 'ReadableByteStreamController', 'ReadableStreamDefaultController',
  'ByteLengthQueuingStrategy', 'CountQueuingStrategy', 'TextEncoderStream', 'TextDecoderStream',
  'CompressionStream', 'DecompressionStream', 'clearInterval', 'clearTimeout', 'setInterval', 'setTimeout',
  'queueMicrotask', 'structuredClone', 'atob', 'btoa', 'BroadcastChannel', 'MessageChannel', 'MessagePort',
  'MessageEvent', 'Blob', 'File', 'Performance', 'PerformanceEntry', 'PerformanceMark', 'PerformanceMeasure',
  'PerformanceObserver', 'PerformanceObserverEntryList', 'PerformanceResourceTiming', 'performance', 'fetch',
  'FormData', 'Headers', 'Request', 'Response', 'crypto', 'Crypto', 'CryptoKey', 'SubtleCrypto', 'CustomEvent',
] as const;

/** Globals that Node versions after 20 add (the package supports Node 20 and later), with the
 * major version that has them without a flag. A program checked on Node 20 may run on a later
 * one, so these are not flagged either; the test checks each against the Node it runs on. */
export const LATER_NODE_GLOBALS: Readonly<Record<string, number>> = {
  navigator: 21, Navigator: 21,
  WebSocket: 22, Iterator: 22,
  CloseEvent: 23,
  Float16Array: 24, URLPattern: 24, DisposableStack: 24, AsyncDisposableStack: 24, SuppressedError: 24,
  localStorage: 25, sessionStorage: 25, Storage: 25,
};

/** Node's module-scope names (the CommonJS wrapper's parameters): an isolate's entry function gets
 * its own, resolving relative to the module that spawned it. */
export const MODULE_SCOPE_NAMES = ['exports', 'require', 'module', '__filename', '__dirname'] as const;

/** The runtime's public names, in scope inside every entry function. */
export const RUNTIME_API_NAMES = [
  'Isolate', 'ReceivePort', 'RawReceivePort', 'SendPort', 'Capability', 'TransferableTypedData',
  'RemoteError', 'IsolateSpawnException', 'IsolatePool', 'compute',
] as const;

/** Names compilers put into the source of a function the runtime ships: its own import()
 * replacement, and esbuild's `__name` (keepNames, used by tsx) and `__require`. */
export const COMPILER_NAMES = ['__isoscope_import', '__name', '__require'] as const;

/** Every name the runtime binds for an entry function, in the order of the parameters it compiles
 * the function with (src/runtime/entryCompiler.ts). */
export const INJECTED_NAMES = [...RUNTIME_API_NAMES, 'require', 'module', 'exports', '__filename', '__dirname', ...COMPILER_NAMES] as const;

/** How compilers name the namespace of `import ... from 'isoscope'` in CommonJS output
 * (esbuild and tsx: import_isoscope; tsc: isoscope_1). Those are the runtime too. */
const NAMESPACE_ALIAS = /^(import_isoscope\d*|isoscope_\d+)$/;
/** Bundlers rename an import that collides with another module's name by adding digits
 * (esbuild: ReceivePort2). Those are the runtime's classes too. */
const RENAMED_API = new RegExp(`^(${RUNTIME_API_NAMES.join('|')})\\d+$`);

/** A compiler's or bundler's name for the runtime, or for one of its classes. */
export function isRuntimeAlias(name: string): boolean {
  return NAMESPACE_ALIAS.test(name) || RENAMED_API.test(name);
}

const GLOBALS: ReadonlySet<string> = new Set([...NODE_GLOBALS, ...Object.keys(LATER_NODE_GLOBALS), ...INJECTED_NAMES]);

/** Whether `name` means the same thing in every isolate without being defined there. */
export function isIsolateGlobal(name: string): boolean {
  return GLOBALS.has(name);
}
