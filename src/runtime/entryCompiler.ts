// Inside an isolate: turns a shipped entry back into a function. The runtime's API names are
// in scope, and require()/import() resolve relative to the module that spawned the isolate.
import { createRequire, builtinModules } from './cjsModule';
import { runInThisContext } from 'node:vm';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EntrySpec } from './controlMessages';
import { INJECTED_NAMES } from '../protocol/isolateGlobals';

type FunctionEntry = Extract<EntrySpec, { kind: 'function' }>;

/** The runtime's public API, as an entry function sees it. Set once by index.ts. */
let runtimeApi: Record<string, unknown> = {};
/** Sets the names entry functions see; index.ts calls it once. */
export function setRuntimeApi(api: Record<string, unknown>): void {
  runtimeApi = api;
}

/** Native import(), from its own bundle (see nativeImport.ts), loaded on first use. */
const nativeImport = (specifier: string): Promise<unknown> => (require('./nativeImport') as typeof import('./nativeImport')).nativeImport(specifier);

/** Resolves what an entry imports the way its spawning module would have. */
export function importFrom(baseUrl: string, require: NodeJS.Require = createRequire(baseUrl)): (specifier: string) => Promise<unknown> {
  return (specifier) => {
    if (specifier.startsWith('node:') || builtinModules.includes(specifier)) return nativeImport(specifier);
    if (/^(\.{1,2}\/|\/)/.test(specifier)) return nativeImport(new URL(specifier, baseUrl).href);
    if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return nativeImport(specifier);
    let resolved: string;
    try {
      resolved = pathToFileURL(require.resolve(specifier)).href;
    } catch {
      return nativeImport(specifier);
    }
    return nativeImport(resolved);
  };
}

/** Where an entry's require() and import() resolve from: the module that spawned it, else the working directory. */
export function baseUrlOf(entry: { callerUrl: string | undefined }): string {
  return entry.callerUrl ?? pathToFileURL(`${process.cwd()}/`).href;
}

const compiled = new Map<string, (...args: unknown[]) => unknown>();

/** Compiles a shipped function once per isolate; later calls reuse it. */
export function compileEntry(entry: FunctionEntry): (...args: unknown[]) => unknown {
  const cacheKey = `${entry.callerUrl}\0${entry.expression}`;
  const cached = compiled.get(cacheKey);
  if (cached) return cached;
  const base = baseUrlOf(entry);
  const filename = base.startsWith('file:') ? fileURLToPath(base) : base;
  const moduleObject = { exports: {} };
  const require = createRequire(base);
  const values: Record<string, unknown> = {
    ...runtimeApi,
    require,
    // esbuild's name for require() in the ESM bundles it writes.
    __require: require,
    module: moduleObject,
    exports: moduleObject.exports,
    __filename: filename,
    __dirname: dirname(filename),
    __isoscope_import: importFrom(base, require),
    // esbuild's keepNames (used by tsx) wraps nested functions in __name(fn, "name").
    __name: (target: unknown, value: string) => Object.defineProperty(target, 'name', { value, configurable: true }),
  };
  const params = [...INJECTED_NAMES, ...entry.aliases];
  const factory = runInThisContext(`(function (${params.join(', ')}) {\nreturn ${entry.expression};\n})`, {
    filename: `isoscope:entry/${entry.name}`,
    lineOffset: -1,
  }) as (...values: unknown[]) => (...args: unknown[]) => unknown;
  // Aliases: a compiled namespace (import_isoscope) or a renamed class (ReceivePort2).
  const aliasValue = (name: string): unknown => runtimeApi[name.replace(/\d+$/, '')] ?? runtimeApi;
  const fn = factory(...params.map((name) => (name in values ? values[name] : aliasValue(name))));
  compiled.set(cacheKey, fn);
  return fn;
}
