// Recording the findings fixtures (test/fixtures/findings) and the seed examples with the
// real tracer, and reading their findings the ways the engine allows: whole, streamed from
// the file's bytes in random chunks, and with the isolates' events interleaved anew.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrace, TraceReader, type ParsedTrace } from '../../../../src/protocol/traceReader';
import { FindingsEngine, findTraceFindings } from '../../../../src/protocol/findings/engine';
import type { Finding } from '../../../../src/protocol/findings/findingTypes';
import type { TraceEvent } from '../../../../src/protocol/traceEvents';
import { random } from '../../../../bench/syntheticTrace.mjs';

/** The repository (this file runs from out/test/unit/protocol/findings/). */
export const root = fileURLToPath(new URL('../../../../../', import.meta.url));
export const findingsFixtures = join(root, 'out/test/fixtures/findings');
export const cli = join(root, 'dist/cli.cjs');

export interface Recorded {
  bytes: Buffer;
  trace: ParsedTrace;
  status: number | null;
  stderr: string;
}

/** Runs `node <file> [args]` traced to a file (send locations on; plain worker_threads
 * programs through the preload) and reads the trace back. */
export function record(file: string, args: string[] = []): Recorded {
  const dir = mkdtempSync(join(tmpdir(), 'isoscope-findings-'));
  const out = join(dir, 'trace.isotrace');
  try {
    const preload = file.endsWith('.cjs') ? { NODE_OPTIONS: `--require ${join(root, 'dist/register.cjs')}` } : {};
    const result = spawnSync(process.execPath, [file, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ISOSCOPE_TRACE: out, ISOSCOPE_CAPTURE_LOCATIONS: '1', ...preload } });
    const bytes = readFileSync(out);
    return { bytes, trace: parseTrace(bytes), status: result.status, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The findings of the file's bytes fed to a reader in random chunks, each event pushed
 * to the engine as the reader gives it, chunks of events pushed with pushAll. */
export function streamedFindings(bytes: Uint8Array, seed: number): Finding[] {
  const next = random(seed);
  const engine = new FindingsEngine();
  let batch: TraceEvent[] = [];
  const reader = new TraceReader({
    onEvent: (event) => {
      batch.push(event);
      if (next() < 0.3) {
        engine.pushAll(batch);
        batch = [];
      }
    },
  });
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(next() ** 3 * 8192);
    reader.write(bytes.subarray(at, at + size));
    at += size;
  }
  reader.end();
  engine.pushAll(batch);
  return engine.finish();
}

/** What current() gave while the events streamed in, one at a time: every finding it gave
 * after each of the first events and then every `every` events (`early`), what it gave
 * after the last one (`atEnd`), and finish() (`final`). */
export function decidedWhileStreaming(events: readonly TraceEvent[], every = 1): { early: Finding[]; atEnd: Finding[]; final: Finding[] } {
  const engine = new FindingsEngine();
  const early: Finding[] = [];
  events.forEach((event, i) => {
    engine.push(event);
    if (i < 200 || i % every === 0) early.push(...engine.current());
  });
  const atEnd = engine.current();
  return { early, atEnd, final: engine.finish() };
}

/** The events interleaved anew: each isolate's events (those naming it) keep their order,
 * the isolates' streams are merged at random, as another drain of the rings could have. */
export function interleaved(events: readonly TraceEvent[], seed: number): TraceEvent[] {
  const next = random(seed);
  const streams = new Map<string, TraceEvent[]>();
  for (const event of events) {
    const key = `${event.pid}/${event.isolate}`;
    let stream = streams.get(key);
    if (!stream) streams.set(key, (stream = []));
    stream.push(event);
  }
  const left = [...streams.values()].map((stream) => ({ stream, at: 0 }));
  const out: TraceEvent[] = [];
  while (left.length > 0) {
    const pick = Math.floor(next() * left.length);
    const from = left[pick]!;
    out.push(from.stream[from.at++]!);
    if (from.at === from.stream.length) left.splice(pick, 1);
  }
  return out;
}

/** The findings of a trace, whole. */
export const wholeFindings = (trace: ParsedTrace): Finding[] => findTraceFindings(trace.list);

/** The 1-based line of `text` in a fixture's source. */
export function lineOf(file: string, text: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex((line) => line.includes(text));
  if (at === -1) throw new Error(`"${text}" is not in ${file}`);
  return at + 1;
}
