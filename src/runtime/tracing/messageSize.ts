// How big a message is, without serialising it twice: an estimate of the structured clone's
// size from a walk of the value. Exact for buffers and typed arrays (which dominate big
// messages); strings count one byte per character (a string outside Latin-1 takes two in
// the clone; not checked, to keep it cheap); each object or array adds a few bytes. The walk stops after
// WALK_LIMIT values, so a huge object graph costs a bounded amount to measure.
const WALK_LIMIT = 10_000;

/** Bytes of ArrayBuffers and typed arrays (not shared memory) found by the last estimate. */
let buffers = 0;

/** Of the last estimateSize(), the bytes that were ArrayBuffers or typed arrays (shared
 * memory aside): what a transfer list could have moved instead of copying. */
export function lastBufferBytes(): number {
  return buffers;
}

/** Of the last estimateSize(), the buffer bytes that were copied: those its transfer list
 * (`transferred` bytes) did not move. */
export function copiedBufferBytes(transferred: number): number {
  return buffers > transferred ? buffers - transferred : 0;
}

export function estimateSize(value: unknown): number {
  // Most messages are small and flat: sized here, without allocating anything. (The walk
  // is its own function, so this one stays small for the JIT. `constructor` is an
  // inline-cached read; Object.getPrototypeOf is a call into the runtime.)
  buffers = 0;
  if (typeof value !== 'object' || value === null) return primitiveSize(value);
  if ((value as { constructor?: unknown }).constructor !== Object) return walkedSize(value);
  let size = 4;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null) return walkedSize(value);
    size += key.length + 2 + primitiveSize(item);
  }
  return size;
}

/** The size of any value, by a walk of at most WALK_LIMIT values. */
function walkedSize(value: object): number {
  let budget = WALK_LIMIT;
  const seen = new Set<object>();
  const walk = (v: unknown): number => {
    if (--budget < 0) return 0;
    if (typeof v !== 'object' || v === null) return primitiveSize(v);
    if (seen.has(v)) return 2;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      if (!(v.buffer instanceof SharedArrayBuffer)) buffers += v.byteLength;
      return v.byteLength + 8;
    }
    if (v instanceof ArrayBuffer) {
      buffers += v.byteLength;
      return v.byteLength + 4;
    }
    if (v instanceof SharedArrayBuffer) return v.byteLength + 4;
    let size = 4;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) size += walk(v[i]);
    } else if (v instanceof Map) {
      for (const [k, item] of v) size += walk(k) + walk(item);
    } else if (v instanceof Set) {
      for (const item of v) size += walk(item);
    } else {
      for (const key in v) size += key.length + 2 + walk((v as Record<string, unknown>)[key]);
    }
    return size;
  };
  return walk(value);
}

function primitiveSize(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
      return 9;
    case 'bigint':
      return 10;
    case 'object':
    case 'boolean':
    case 'undefined':
      return 1;
    default:
      return 0;
  }
}

/** Bytes moved without copying: the ArrayBuffers in a transfer list (read before posting,
 * since transferring empties them). */
export function transferredBytes(transfer: readonly unknown[] | undefined): number {
  if (!transfer) return 0;
  let total = 0;
  for (const item of transfer) if (item instanceof ArrayBuffer) total += item.byteLength;
  return total;
}
