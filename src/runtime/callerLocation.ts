import { pathToFileURL } from 'node:url';

/** A place in the user's source. `url` is a file: URL (or whatever the frame names). */
export interface SourceLocation {
  url: string;
  line: number;
  column: number;
}

/** The first stack frame outside the runtime: where the user called spawn, run or kill.
 * Entry functions resolve require() and import() relative to it. */
export function callerLocation(): SourceLocation | undefined {
  const original = Error.prepareStackTrace;
  const originalLimit = Error.stackTraceLimit;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  try {
    Error.stackTraceLimit = 20;
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.captureStackTrace(holder, callerLocation);
    const sites = holder.stack ?? [];
    for (const site of sites) {
      const file = site.getFileName();
      if (!file || file === __filename || file.startsWith('node:') || file.startsWith('isoscope:')) continue;
      return sourceMapped({ url: toUrl(file), line: site.getLineNumber() ?? 0, column: site.getColumnNumber() ?? 0 }, file);
    }
    return undefined;
  } finally {
    Error.prepareStackTrace = original;
    Error.stackTraceLimit = originalLimit;
  }
}

function toUrl(file: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(file) && !/^[a-z]:[\\/]/i.test(file) ? file : pathToFileURL(file).href;
}

/** A place in code a loader transformed in memory (tsx, say), at its line in the file as the
 * user wrote it: a raw call site counts lines of the transformed code. Node keeps the
 * loader's source map when source maps are on (tsx turns them on). Only a map back into the
 * same file is followed; a build's map into another file (tsc's out/ to src/) is left to
 * whoever shows the place, as the place is also where an entry function's require() resolves. */
function sourceMapped(location: SourceLocation, file: string): SourceLocation {
  if (!process.sourceMapsEnabled || location.line < 1) return location;
  // node:module only now: a new isolate does not load it (see cjsModule.ts).
  const { findSourceMap } = require('node:module') as typeof import('node:module');
  const entry = findSourceMap(file)?.findEntry(location.line - 1, Math.max(0, location.column - 1)) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
  if (entry?.originalLine === undefined || entry.originalSource === undefined) return location;
  if (entry.originalSource !== location.url && entry.originalSource !== file) return location;
  return { url: location.url, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
}
