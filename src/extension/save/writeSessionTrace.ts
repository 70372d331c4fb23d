// Save Trace's writer, a bundle of its own (dist/traceWriter.cjs) that the extension loads
// only when the user saves: it holds the trace parser, which the extension's own bundle
// does not. It merges a session's spooled processes as the timeline does (SessionMerge:
// only processes that started isolates or workers or used IPC, one clock, channels made
// unique) and writes them as one .isotrace (format v2) or as Chrome Trace JSON.
import { createReadStream } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { SessionMerge } from '../../protocol/sessionMerge';
import { encodeEvent, encodeHeader } from '../../protocol/traceEncode';
import type { TraceEvent, TraceHeader } from '../../protocol/traceEvents';
import { toChromeTrace } from '../../cli/chromeTrace';

export interface SpoolFile {
  pid: number;
  path: string;
  bytes: number;
}

export type SaveFormat = 'isotrace' | 'chrome';

export interface SaveResult {
  events: number;
  processes: number;
  problems: number;
}

/** Writes the session spooled in `files` (in the order its processes connected) to `output`. */
export async function writeSessionTrace(files: SpoolFile[], output: string, format: SaveFormat): Promise<SaveResult> {
  let header: TraceHeader | undefined;
  const events: TraceEvent[] = [];
  let problems = 0;
  const merge = new SessionMerge({
    onHeader: (h) => (header = h),
    onEvents: (batch) => {
      for (const event of batch) events.push(event);
    },
    onProblem: () => problems++,
  });
  for (const file of files) {
    if (file.bytes > 0) {
      for await (const chunk of createReadStream(file.path, { encoding: 'utf8', start: 0, end: file.bytes - 1, highWaterMark: 1 << 20 })) merge.write(file.pid, chunk as string);
    }
    merge.end(file.pid);
  }
  if (!header) throw new Error('no process of this session started an isolate or a worker, so there is nothing to save');
  if (format === 'chrome') await writeFile(output, JSON.stringify(toChromeTrace(header, events)));
  else await writeIsotrace(output, header, events);
  return { events: events.length, processes: merge.shown.length, problems };
}

async function writeIsotrace(output: string, header: TraceHeader, events: TraceEvent[]): Promise<void> {
  const file = await open(output, 'w');
  try {
    await file.write(encodeHeader(header));
    // About 1 MB a write: one per event would be slow, one string of all too big.
    let chunk = '';
    for (const event of events) {
      chunk += encodeEvent(event);
      if (chunk.length > 1 << 20) {
        await file.write(chunk);
        chunk = '';
      }
    }
    await file.write(chunk);
  } finally {
    await file.close();
  }
}
