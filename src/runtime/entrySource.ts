// Turns a function into something an isolate can run: its source text, checked in this
// thread for variables it would need from outside itself, so the user gets a clear error at
// the call instead of a bare ReferenceError from inside a worker.
import { createRequire } from './cjsModule';
import { join } from 'node:path';
import { Errors } from './errors';
import type { EntrySpec } from './controlMessages';
import type { EntryAnalysis } from './entryAnalysis';
import { callerLocation, type SourceLocation } from './callerLocation';
import { isIsolateGlobal, isRuntimeAlias } from '../protocol/isolateGlobals';

let analyzer: { analyzeEntry(source: string): EntryAnalysis } | undefined;
const analyses = new Map<string, EntryAnalysis>();

function analyze(source: string): EntryAnalysis {
  let analysis = analyses.get(source);
  if (!analysis) {
    // The parser is a separate bundle beside this one, loaded on first use.
    analyzer ??= createRequire(__filename)(join(__dirname, 'entryAnalysis.cjs')) as typeof analyzer;
    analysis = analyzer!.analyzeEntry(source);
    if (analyses.size > 1000) analyses.clear();
    analyses.set(source, analysis);
  }
  return analysis;
}

/** Whether an isolate has `name` without the function defining it: the list the editor's
 * check uses too (not this thread's globalThis, which the program may have added to), the
 * names compilers give the runtime, and `arguments` (a function's own). */
function isKnownGlobal(name: string): boolean {
  return isIsolateGlobal(name) || isRuntimeAlias(name) || name === 'arguments';
}

/** Checks `fn` and returns how to run it in an isolate, or throws IsolateSpawnException. */
export function shipFunction(fn: unknown, what: string, caller: SourceLocation | undefined = callerLocation()): Extract<EntrySpec, { kind: 'function' }> {
  if (typeof fn !== 'function') throw Errors.notAFunction(what, fn);
  const name = fn.name ? `"${fn.name}"` : '(anonymous function)';
  const source = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) throw Errors.notShippable(name, 'it is a built-in or bound function, which has no source to send');
  if (/^class\b/.test(source)) throw Errors.notShippable(name, 'it is a class');
  if (/^(get|set)\s/.test(source)) throw Errors.notShippable(name, 'it is a getter or setter');
  const analysis = analyze(source);
  if (analysis.unreadable) throw Errors.notShippable(name, analysis.unreadable);
  const outside = analysis.free.filter((v) => !isKnownGlobal(v.name));
  if (outside.length > 0) throw Errors.capturesOuterVariables(name, outside);
  const aliases = [...new Set(analysis.free.filter((v) => isRuntimeAlias(v.name)).map((v) => v.name))];
  return { kind: 'function', name: fn.name || 'anonymous', expression: analysis.expression, aliases, callerUrl: caller?.url };
}
