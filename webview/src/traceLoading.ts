// Reading a trace that arrives as a stream of text (a report's embedded trace as it is
// unpacked, a file a host sends in pieces, or a host's whole text as one chunk) into a model.
// Events go in as each chunk is read, so a big trace shows progress, and a later open can
// stop this one between chunks. A stream that stops short keeps what was read, and the
// model gets an error saying why it stops there.
import type { TraceEvent } from '../../src/protocol/traceEvents';
import { TraceReader, type TraceProblem } from '../../src/protocol/traceReader';
import type { TraceModel } from './model/traceModel';

/** How long reading took (ms): unpacking and parsing the text, and building the model. */
export interface ReadTimings {
  parse: number;
  model: number;
}

/** What the reader asks of whoever opened the trace. */
export interface ReadOptions {
  /** False once a later open (or live session) superseded this one: reading stops at the next chunk. */
  wanted(): boolean;
  /** Told at most every 200 ms how far reading got: events in the model, characters read. */
  progress(events: number, read: number): void;
  /** Why the stream ended short, when it did (asked once it ends). */
  failure?(): string | undefined;
}

/** Reads `chunks` into `model`: how long it took once read to the end, or undefined when superseded. */
export async function readTraceStream(chunks: ReadableStream<string>, model: TraceModel, options: ReadOptions): Promise<ReadTimings | undefined> {
  const started = performance.now();
  let building = 0;
  let batch: TraceEvent[] = [];
  const problems: TraceProblem[] = [];
  const reader = new TraceReader({ onEvent: (event) => batch.push(event), onProblem: (problem) => problems.push(problem), onHeader: (header) => (model.header = header) });
  let shownAt = 0;
  let read = 0;
  const source = chunks.getReader();
  let failure: string | undefined;
  for (;;) {
    let next: Awaited<ReturnType<typeof source.read>>;
    try {
      next = await source.read();
    } catch (error) {
      failure = `reading stopped: ${(error as Error).message}; what was read before is shown`;
      break;
    }
    const { done, value } = next;
    if (!options.wanted()) {
      void source.cancel();
      return undefined;
    }
    if (done) break;
    read += value.length;
    reader.write(value);
    const built = performance.now();
    model.addEvents(batch);
    building += performance.now() - built;
    batch = [];
    if (performance.now() - shownAt > 200) {
      options.progress(model.events.length, read);
      shownAt = performance.now();
    }
  }
  if (!options.wanted()) return undefined;
  reader.end();
  model.addEvents(batch);
  for (const problem of problems) model.addProblem(problem);
  failure ??= options.failure?.();
  if (failure !== undefined) model.addProblem({ line: 0, severity: 'error', message: failure });
  // Unpacking and parsing, then building the model, interleaved chunk by chunk.
  return { parse: performance.now() - started - building, model: building };
}
