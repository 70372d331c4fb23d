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
      return { url: toUrl(file), line: site.getLineNumber() ?? 0, column: site.getColumnNumber() ?? 0 };
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
