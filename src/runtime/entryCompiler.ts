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

/** Whether `specifier` names one of Node's built-in modules. */
function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier);
}

/** Resolves what an entry imports the way its spawning module would have. */
export function importFrom(baseUrl: string, require: NodeJS.Require = createRequire(baseUrl)): (specifier: string) => Promise<unknown> {
  return (specifier) => {
    if (isNodeBuiltin(specifier)) return nativeImport(specifier);
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

type Factory = (...values: unknown[]) => (...args: unknown[]) => unknown;

const compiled = new Map<string, (...args: unknown[]) => unknown>();
const factories = new Map<string, Factory>();

/** What compileEntry() may be told. */
export interface CompileOptions {
  /** A new function (and new module, exports and __filename bindings) each call, for an
   * Isolate.run computation on a thread that ran others: nothing of theirs is reachable. */
  fresh?: boolean;
  /** Told of each import() of anything but a Node built-in. */
  onImport?: () => void;
}

/** Compiles a shipped function once per isolate; later calls reuse it (or, `fresh`, make a
 * new one from the same compiled code). */
export function compileEntry(entry: FunctionEntry, options: CompileOptions = {}): (...args: unknown[]) => unknown {
  const cacheKey = `${entry.callerUrl}\0${entry.expression}`;
  const cached = options.fresh ? undefined : compiled.get(cacheKey);
  if (cached) return cached;
  const params = [...INJECTED_NAMES, ...entry.aliases];
  let factory = factories.get(cacheKey);
  if (!factory) {
    factory = runInThisContext(`(function (${params.join(', ')}) {\nreturn ${entry.expression};\n})`, {
      filename: `isoscope:entry/${entry.name}`,
      lineOffset: -1,
    }) as Factory;
    if (factories.size > 1000) factories.clear();
    factories.set(cacheKey, factory);
  }
  const values = injectedValues(entry, options.onImport);
  // Aliases: a compiled namespace (import_isoscope) or a renamed class (ReceivePort2).
  const aliasValue = (name: string): unknown => runtimeApi[name.replace(/\d+$/, '')] ?? runtimeApi;
  const fn = factory(...params.map((name) => (name in values ? values[name] : aliasValue(name))));
  if (!options.fresh) compiled.set(cacheKey, fn);
  return fn;
}

/** The names every entry function sees besides the globals. */
function injectedValues(entry: FunctionEntry, onImport: (() => void) | undefined): Record<string, unknown> {
  const base = baseUrlOf(entry);
  const filename = base.startsWith('file:') ? fileURLToPath(base) : base;
  const moduleObject = { exports: {} };
  const require = createRequire(base);
  const importer = importFrom(base, require);
  return {
    ...runtimeApi,
    require,
    // esbuild's name for require() in the ESM bundles it writes.
    __require: require,
    module: moduleObject,
    exports: moduleObject.exports,
    __filename: filename,
    __dirname: dirname(filename),
    __isoscope_import: onImport
      ? (specifier: string) => {
          if (!isNodeBuiltin(specifier)) onImport();
          return importer(specifier);
        }
      : importer,
    // esbuild's keepNames (used by tsx) wraps nested functions in __name(fn, "name").
    __name: (target: unknown, value: string) => Object.defineProperty(target, 'name', { value, configurable: true }),
  };
}
