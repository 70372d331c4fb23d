// The first frame of a V8 stack that names a place in a file: "at f (file:///a.js:3:9)",
// "at /a.js:3:9". Frames of Node's own code (node:…) are passed over; a frame in a function
// shipped to an isolate (isoscope:entry/…) names no file, so it is returned as text only.
import type { SourceLocation } from '../traceEvents';

const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?\s*$/;

export interface StackFrame {
  /** The frame as the stack gives it: "url:line:column". */
  text: string;
  /** Where it is, when that is a file. */
  location: SourceLocation | undefined;
}

/** The stack's first frame outside Node's own code. */
export function firstFrame(stack: string | undefined): StackFrame | undefined {
  if (!stack) return undefined;
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const where = match[1]!;
    if (where.startsWith('node:') || where === 'native' || where.startsWith('<anonymous>')) continue;
    const url = fileUrl(where);
    return { text: `${where}:${match[2]}:${match[3]}`, location: url ? { url, line: Number(match[2]), column: Number(match[3]) } : undefined };
  }
  return undefined;
}

/** A file's URL from a frame's file URL or path; undefined for anything else. */
function fileUrl(where: string): string | undefined {
  if (where.startsWith('file://')) return where;
  if (where.startsWith('/')) return `file://${encodeURI(where)}`;
  if (/^[A-Za-z]:\\/.test(where)) return `file:///${encodeURI(where.replace(/\\/g, '/'))}`;
  return undefined;
}
