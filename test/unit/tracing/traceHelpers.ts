import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trace, parseTrace, type ParsedTrace, type TraceEvent, type TraceEventType } from 'isoscope';
import { sleep } from '../helpers.js';

export const root = fileURLToPath(new URL('../../../../', import.meta.url));
export const fixtures = join(root, 'out/test/fixtures/tracing');
export const register = join(root, 'dist/register.cjs');
export const cli = join(root, 'dist/cli.cjs');

/** Traces `work` in this process into memory and returns what a reader reads back. */
export async function traced(work: () => Promise<void>, options: { heapIntervalMs?: number; captureLocations?: boolean; ringBytes?: number; settleMs?: number } = {}): Promise<ParsedTrace> {
  const sink = trace.memorySink();
  trace.start({ sink, heapIntervalMs: options.heapIntervalMs ?? 0, ...(options.captureLocations ? { captureLocations: true } : {}), ...(options.ringBytes ? { ringBytes: options.ringBytes } : {}) });
  try {
    await work();
    // Isolates that exit record their last events just before; give their exit a moment.
    await sleep(options.settleMs ?? 50);
  } finally {
    trace.stop();
  }
  return sink.read();
}

export interface TracedRun {
  status: number | null;
  stdout: string;
  stderr: string;
  trace: ParsedTrace;
}

/** The last trace runTraced() read, as written: keepLastTrace() saves it. */
let lastTrace: { args: string[]; bytes: Buffer; stderr: string } | undefined;

/** Runs a program in a new Node process with ISOSCOPE_TRACE set; reads its trace. */
export function runTraced(args: string[], env: Record<string, string> = {}, timeout = 60_000): TracedRun {
  const dir = mkdtempSync(join(tmpdir(), 'isoscope-test-'));
  const file = join(dir, 'trace.isotrace');
  lastTrace = undefined;
  try {
    const result = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, ISOSCOPE_TRACE: file, ...env }, encoding: 'utf8', timeout });
    if (!existsSync(file)) throw new Error(`no trace written; status ${result.status}\n${result.stderr}`);
    const bytes = readFileSync(file);
    lastTrace = { args, bytes, stderr: result.stderr };
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, trace: parseTrace(bytes) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Saves the last trace runTraced() read under test-artifacts/ (with the program's stderr
 * beside it), so a failure that does not repeat can still be looked at. Returns the path. */
export function keepLastTrace(name: string): string | undefined {
  if (!lastTrace) return undefined;
  const dir = join(root, 'test-artifacts', 'traces');
  mkdirSync(dir, { recursive: true });
  const base = join(dir, name.replace(/[^\w.-]+/g, '-'));
  writeFileSync(`${base}.isotrace`, lastTrace.bytes);
  writeFileSync(`${base}.stderr.txt`, `node ${lastTrace.args.join(' ')}\n${lastTrace.stderr}`);
  return `${base}.isotrace`;
}

/** A message's id as one key: its channel and seq. */
export const idOf = (event: { channel: number; seq: number }): string => `${event.channel}:${event.seq}`;

export function ofType<K extends TraceEventType>(events: TraceEvent[], type: K): Extract<TraceEvent, { type: K }>[] {
  return events.filter((e): e is Extract<TraceEvent, { type: K }> => e.type === type);
}

/** Every send has its own id, every receive has its send, and no receive is earlier than
 * its send. */
export function assertPaired(events: TraceEvent[]): { pairs: number } {
  const sends = new Map(ofType(events, 'send').map((s) => [idOf(s), s]));
  if (sends.size !== ofType(events, 'send').length) {
    const seen = new Set<string>();
    const twice = ofType(events, 'send').find((s) => seen.size === seen.add(idOf(s)).size)!;
    throw new Error(`two sends have the id ${idOf(twice)}`);
  }
  let pairs = 0;
  for (const receive of ofType(events, 'receive')) {
    const send = sends.get(idOf(receive));
    if (!send) throw new Error(`receive of ${idOf(receive)} in isolate ${receive.isolate} has no send`);
    if (receive.t < send.t) throw new Error(`message ${idOf(receive)} received at ${receive.t} µs, before its send at ${send.t} µs`);
    pairs++;
  }
  return { pairs };
}
