// What a well-formed event of each type holds, checked field by field so a reader can say
// exactly what is wrong with a line.
import type { TraceEventType } from './traceEvents';

type FieldKind = 'number' | 'count' | 'id' | 'requester' | 'string' | 'strings' | 'location' | 'error' | 'fraction' | 'true';
type Fields = Record<string, FieldKind>;

interface Shape {
  required: Fields;
  optional?: Fields;
  /** Allowed values of string fields with a fixed set. */
  oneOf?: Record<string, readonly string[]>;
}

const base: Fields = { t: 'number', isolate: 'id' };
/** Every event may name its process (a trace of several). */
const anyEvent: Fields = { pid: 'id' };
const message: Fields = { ...base, channel: 'count', seq: 'count' };

export const EVENT_SHAPES: Record<TraceEventType, Shape> = {
  process: { required: { ...base, pid: 'id', argv: 'strings' }, optional: { ppid: 'id', node: 'string' } },
  spawn: {
    required: { ...base, parent: 'id', debugName: 'string', kind: 'string', entry: 'string' },
    optional: { ...anyEvent, location: 'location' },
    oneOf: { kind: ['function', 'module', 'run', 'pool', 'worker'] },
  },
  running: { required: base, optional: anyEvent },
  paused: { required: base, optional: { ...anyEvent, by: 'requester' } },
  resumed: { required: base, optional: { ...anyEvent, by: 'requester' } },
  kill: {
    required: { ...base, by: 'requester', priority: 'string' },
    optional: { ...anyEvent, location: 'location', idle: 'true' },
    oneOf: { priority: ['immediate', 'beforeNextEvent'] },
  },
  exit: {
    required: { ...base, reason: 'string' },
    optional: { ...anyEvent, code: 'number', error: 'error' },
    oneOf: { reason: ['returned', 'exited', 'killed', 'error'] },
  },
  portOpen: { required: { ...base, port: 'string' }, optional: { ...anyEvent, debugName: 'string' } },
  portClose: { required: { ...base, port: 'string' }, optional: anyEvent },
  send: {
    required: { ...message, bytes: 'count', transferred: 'count' },
    optional: { ...anyEvent, chpid: 'id', port: 'string', to: 'id', toPid: 'id', bufferBytes: 'count', location: 'location' },
  },
  receive: { required: message, optional: { ...anyEvent, chpid: 'id', port: 'string' } },
  heap: { required: { ...base, used: 'count', total: 'count', external: 'count', elu: 'fraction' }, optional: anyEvent },
  dropped: { required: { ...base, count: 'count' }, optional: anyEvent },
};

function check(kind: FieldKind, value: unknown): boolean {
  switch (kind) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'count':
    case 'id':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0;
    case 'requester':
      return value === 'editor' || (typeof value === 'number' && Number.isInteger(value) && value >= 0);
    case 'fraction':
      return typeof value === 'number' && value >= 0 && value <= 1;
    case 'true':
      return value === true;
    case 'string':
      return typeof value === 'string';
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'location': {
      const l = value as Record<string, unknown> | null;
      return typeof l === 'object' && l !== null && typeof l['url'] === 'string' && typeof l['line'] === 'number' && typeof l['column'] === 'number';
    }
    case 'error': {
      const e = value as Record<string, unknown> | null;
      return typeof e === 'object' && e !== null && typeof e['message'] === 'string' && (e['stack'] === undefined || typeof e['stack'] === 'string');
    }
  }
}

const KIND_NAMES: Record<FieldKind, string> = {
  number: 'a finite number',
  count: 'a whole number ≥ 0',
  id: 'an isolate id (a whole number ≥ 0)',
  requester: "an isolate id or 'editor'",
  fraction: 'a number from 0 to 1',
  true: 'true (or no field)',
  string: 'a string',
  strings: 'a list of strings',
  location: 'a source location {url, line, column}',
  error: 'an error {message, stack?}',
};

/** The shapes as lists, made once: a reader checks every line, so no per-line Object.entries. */
const CHECKS = Object.fromEntries(
  Object.entries(EVENT_SHAPES).map(([type, shape]) => [
    type,
    { required: Object.entries(shape.required), optional: Object.entries(shape.optional ?? {}), oneOf: Object.entries(shape.oneOf ?? {}) },
  ]),
) as Record<TraceEventType, { required: [string, FieldKind][]; optional: [string, FieldKind][]; oneOf: [string, readonly string[]][] }>;

const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isOptionalCount = (value: unknown): boolean => value === undefined || isCount(value);

/** The send and receive events that make up most of a trace, checked in a straight line (a
 * loop over the shape's fields costs a generic lookup per field, per line). True only when
 * the event surely has its shape; false sends it to the field-by-field check, which says
 * what is wrong. Kept equal to EVENT_SHAPES by a property test. */
function isWellFormedMessage(type: TraceEventType, e: Record<string, unknown>): boolean {
  const t = e['t'];
  if (typeof t !== 'number' || !Number.isFinite(t) || !isCount(e['isolate']) || !isCount(e['channel']) || !isCount(e['seq'])) return false;
  if (!isOptionalCount(e['pid']) || !isOptionalCount(e['chpid']) || (e['port'] !== undefined && typeof e['port'] !== 'string')) return false;
  if (type === 'receive') return true;
  return isCount(e['bytes']) && isCount(e['transferred']) && isOptionalCount(e['to']) && isOptionalCount(e['toPid']) && isOptionalCount(e['bufferBytes']) && (e['location'] === undefined || check('location', e['location']));
}

/** Why `event` is not a valid event of its (known) type, or undefined when it is. */
export function shapeProblem(type: TraceEventType, event: Record<string, unknown>): string | undefined {
  if ((type === 'send' || type === 'receive') && isWellFormedMessage(type, event)) return undefined;
  return fieldProblem(type, event);
}

/** shapeProblem's check field by field, from EVENT_SHAPES. */
export function fieldProblem(type: TraceEventType, event: Record<string, unknown>): string | undefined {
  const checks = CHECKS[type];
  for (const [name, kind] of checks.required) {
    if (!(name in event)) return `a "${type}" event needs "${name}"`;
    if (!check(kind, event[name])) return `"${name}" of a "${type}" event must be ${KIND_NAMES[kind]}, not ${JSON.stringify(event[name])?.slice(0, 40)}`;
  }
  for (const [name, kind] of checks.optional) {
    if (event[name] !== undefined && !check(kind, event[name])) return `"${name}" of a "${type}" event must be ${KIND_NAMES[kind]}`;
  }
  for (const [name, allowed] of checks.oneOf) {
    if (!allowed.includes(event[name] as string)) return `"${name}" of a "${type}" event must be one of ${allowed.join(', ')}, not ${JSON.stringify(event[name])?.slice(0, 40)}`;
  }
  return undefined;
}

export function isKnownType(type: unknown): type is TraceEventType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(EVENT_SHAPES, type);
}
