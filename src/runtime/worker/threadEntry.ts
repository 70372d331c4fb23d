// The file every isolate's worker thread starts from (dist/isolateThread.cjs). It loads the
// runtime (dist/index.cjs, which then boots the isolate) and the tracer core
// (dist/tracing.cjs) from V8's code cache when the parent has one: compiling those two
// bundles was the largest part of what a new isolate does before its entry runs, beyond what
// any new Worker does. Node 20's module loader takes no code cache (module.enableCompileCache
// is Node 22), so the bundles are compiled here with vm.Script and registered in
// require.cache under their own paths, exactly as require() would have: a require('isoscope')
// inside the isolate gets this same runtime. The first isolate to be asked makes the cache
// after it has started (so it holds the functions that start-up compiled too) and posts it
// back; see runtimeCodeCache.ts for the parent's side.
//
// Node's --enable-source-maps registers the source maps of what its own loader compiles only,
// so with it on, a stack's frames inside these two bundles (in an isolate) keep the bundles'
// positions; the program's own frames are mapped as before, and a debugger reads the bundles'
// sourceMappingURL as it always did.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { workerData, type MessagePort } from 'node:worker_threads';
import type { RuntimeCodeCache } from '../controlMessages';
import { MARKED, frameKind, type MarkedFrame } from '../frames';

/** What this loader did (`require.main.exports.report` in the isolate; tests read it). */
export interface ThreadEntryReport {
  /** `accepted`: the bundles came from the parent's code cache; `rejected`: V8 refused it
   * (another Node or other flags); `none`: there was none yet. */
  codeCache: 'accepted' | 'rejected' | 'none';
}

/** Node's CommonJS Module class, without loading node:module (see cjsModule.ts). */
const Module = module.constructor as new (id: string, parent?: NodeModule) => NodeModule;

const INDEX = join(__dirname, 'index.cjs');
const TRACING = join(__dirname, 'tracing.cjs');

/** A bundle compiled here, from `cachedData` if given and made from the same source;
 * undefined when it is loaded already. */
function compile(file: string, cachedData: Uint8Array | undefined, cachedSource: string | undefined): { script: Script; source: string; stale: boolean } | undefined {
  if (require.cache[file]) return undefined;
  const source = readFileSync(file, 'utf8');
  const stale = cachedData !== undefined && cachedSource !== source;
  if (stale) cachedData = undefined;
  // The wrapper has a line of its own, so the bundle keeps its lines and columns (its source map).
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
    filename: file,
    lineOffset: -1,
    ...(cachedData ? { cachedData } : {}),
  });
  return { script, source, stale };
}

/** Runs a compiled bundle as require() would have; returns its exports. */
function run(file: string, script: Script | undefined, requireIt: NodeJS.Require): unknown {
  if (!script) return require.cache[file]!.exports;
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = module.paths;
  require.cache[file] = loaded;
  try {
    (script.runInThisContext() as (...args: unknown[]) => void).call(loaded.exports, loaded.exports, requireIt, loaded, file, dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  loaded.loaded = true;
  return loaded.exports;
}

/** Takes the code cache and the port for one off the boot data, so that the isolate does not
 * keep them (workerData lives as long as the thread). */
function takeFromBootData(): { codeCache?: RuntimeCodeCache; codeCacheReply?: MessagePort } {
  const data: unknown = frameKind(workerData) === MARKED ? (workerData as MarkedFrame).m : workerData;
  if (typeof data !== 'object' || data === null) return {};
  const { codeCache, codeCacheReply } = data as { codeCache?: RuntimeCodeCache; codeCacheReply?: MessagePort };
  delete (data as { codeCache?: unknown }).codeCache;
  delete (data as { codeCacheReply?: unknown }).codeCacheReply;
  return { codeCache, codeCacheReply };
}

const { codeCache, codeCacheReply } = takeFromBootData();
const tracing = compile(TRACING, codeCache?.tracing, codeCache?.tracingSource);
const index = compile(INDEX, codeCache?.index, codeCache?.indexSource);
const refused = (bundle: typeof index): boolean => bundle !== undefined && (bundle.stale || bundle.script.cachedDataRejected === true);
export const report: ThreadEntryReport = { codeCache: !codeCache ? 'none' : refused(index) || refused(tracing) ? 'rejected' : 'accepted' };
// The bundles sit beside this file, so this file's require() resolves what they require
// as their own would.
const tracingExports = run(TRACING, tracing?.script, require);
// The runtime's require() of the tracer core is answered here: resolving it the usual way
// reads the package's package.json, in every new thread.
run(INDEX, index?.script, Object.assign((id: string) => (id === './tracing.cjs' ? tracingExports : require(id)), require));
if (codeCacheReply) {
  // After the entry's first turn, so that the cache holds what start-up compiled too.
  setImmediate(() => {
    try {
      // A bundle loaded before this file (the tracer core, by the preload) has no script here.
      codeCacheReply.postMessage({
        index: index?.script.createCachedData(),
        tracing: tracing?.script.createCachedData(),
        indexSource: index?.source,
        tracingSource: tracing?.source,
      } satisfies RuntimeCodeCache);
    } finally {
      codeCacheReply.close();
    }
  });
}
