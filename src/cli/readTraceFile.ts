// Reads an .isotrace file from disk through the protocol's streaming reader.
import { createReadStream } from 'node:fs';
import { TraceReader, type TraceProblem } from '../protocol/traceReader';
import type { TraceEvent, TraceHeader } from '../protocol/traceEvents';

export interface LoadedTrace {
  header: TraceHeader | undefined;
  events: TraceEvent[];
  problems: TraceProblem[];
}

export async function readTraceFile(path: string): Promise<LoadedTrace> {
  const events: TraceEvent[] = [];
  const problems: TraceProblem[] = [];
  const reader = new TraceReader({ onEvent: (event) => events.push(event), onProblem: (problem) => problems.push(problem) });
  for await (const chunk of createReadStream(path)) reader.write(chunk as Buffer);
  const { header } = reader.end();
  return { header, events, problems };
}
