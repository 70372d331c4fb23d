// How messages cross threads. Plain data goes as it is, structured-cloned by postMessage,
// with no wrapper. Runtime objects inside a message (SendPort, Capability,
// TransferableTypedData, Isolate) cannot be cloned as classes, so while one message is
// being posted each of them carries an enumerable WIRE_KEY field: the clone then holds a
// plain marker in its place, and the receiver swaps the marker back for a live object. A
// message that holds any marker goes in a MARKED frame (frames.ts) so only those messages
// are walked on arrival.
import type { TransferListItem } from 'node:worker_threads';
import { Errors, describeValue } from './errors';
import { MARKED, WIRE_KEY, frameKind, markedFrame } from './frames';

/** A plain-data stand-in for a runtime object while it crosses a thread. */
export interface WireMarker {
  k: string;
  [field: string]: unknown;
}

/** Runtime objects that can travel inside messages implement this. */
export interface Shippable {
  toWire(encoding: Encoding): WireMarker;
}

export const shippable = Symbol('isoscope.shippable');

type Reviver = (marker: WireMarker) => unknown;
const revivers = new Map<string, Reviver>();

/** Each shippable kind registers how to rebuild itself from its marker. */
export function registerReviver(kind: string, reviver: Reviver): void {
  revivers.set(kind, reviver);
}

/** One message being encoded: what it moves, and how to undo a failed send. */
export class Encoding {
  readonly transfer: TransferListItem[] = [];
  private readonly marked: object[] = [];
  private readonly rollbacks: (() => void)[] = [];
  private readonly seen = new Set<object>();
  private readonly moveBuffers: boolean;
  markers = 0;

  constructor(moveBuffers: boolean) {
    this.moveBuffers = moveBuffers;
  }

  /** Registers work to undo when the message turns out not to be sendable. */
  onRollback(undo: () => void): void {
    this.rollbacks.push(undo);
  }

  visit(value: unknown): void {
    if (typeof value !== 'object' || value === null) return;
    if (this.seen.has(value)) return;
    this.seen.add(value);
    if (shippable in value) {
      const marker = (value as unknown as Shippable).toWire(this);
      (value as Record<string, unknown>)[WIRE_KEY] = marker;
      this.marked.push(value);
      this.markers++;
      this.visit(marker);
      return;
    }
    if (ArrayBuffer.isView(value)) {
      if (this.moveBuffers) this.addBuffer(value.buffer);
      return;
    }
    if (value instanceof ArrayBuffer) {
      if (this.moveBuffers) this.addBuffer(value);
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'object' && item !== null) this.visit(item);
      }
    } else if (value instanceof Map) {
      for (const [k, v] of value) {
        this.visit(k);
        this.visit(v);
      }
    } else if (value instanceof Set) {
      for (const v of value) this.visit(v);
    } else if (!(value instanceof Date || value instanceof RegExp)) {
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        if (typeof item === 'object' && item !== null) this.visit(item);
      }
    }
  }

  private addBuffer(buffer: ArrayBufferLike): void {
    if (buffer instanceof ArrayBuffer && buffer.byteLength > 0 && !this.transfer.includes(buffer)) this.transfer.push(buffer);
  }

  /** Removes the temporary markers; call after the post, whatever happened. */
  finish(succeeded: boolean): void {
    for (const object of this.marked) delete (object as Record<string, unknown>)[WIRE_KEY];
    if (!succeeded) for (const undo of this.rollbacks) undo();
  }
}

/** Posts `message` through `post`, with runtime objects marked and the right transfer list.
 * Throws IsolateMessageError, naming the part of the message that cannot be copied. */
export function postEncoded(
  message: unknown,
  post: (payload: unknown, transfer: TransferListItem[]) => void,
  options: { moveBuffers?: boolean; extraTransfer?: readonly TransferListItem[] } = {},
): void {
  if (typeof message !== 'object' || message === null) {
    if (typeof message === 'function' || typeof message === 'symbol') throw Errors.unsendable('the message', describeValue(message));
    post(message, NO_TRANSFER);
    return;
  }
  // Fast path: a flat array or plain object of primitives needs no walk and no allocation.
  if (!options.moveBuffers && !options.extraTransfer && isFlat(message)) {
    try {
      post(message, NO_TRANSFER);
    } catch (error) {
      throw cloneError(message, error);
    }
    return;
  }
  const encoding = new Encoding(options.moveBuffers ?? false);
  encoding.visit(message);
  const transfer = options.extraTransfer ? [...encoding.transfer, ...options.extraTransfer] : encoding.transfer;
  const payload = encoding.markers > 0 ? markedFrame(message) : message;
  let succeeded = false;
  try {
    try {
      post(payload, transfer);
    } catch (error) {
      if (!isDataCloneError(error)) throw error;
      const found = findUnclonable(message);
      // A moved buffer may be one Node will not transfer (a pooled Buffer's): copy instead.
      if (!found && options.moveBuffers && encoding.transfer.length > 0) post(payload, transfer.filter((t) => !(t instanceof ArrayBuffer)));
      else throw unsendable(found, error);
    }
    succeeded = true;
  } finally {
    encoding.finish(succeeded);
  }
}

/** A message copied as it is now, to be posted later: `payload` is what postMessage is to
 * carry (a MARKED frame when it holds runtime objects; decodeMessage() on the other side)
 * and `transfer` what moves with it. */
export interface WireSnapshot {
  payload: unknown;
  transfer: TransferListItem[];
}

/** Copies `message` now, so that changes made to it afterwards do not reach its receiver
 * (IsolatePool.run posts its tasks later, from a queue). What `transfer` lists, and the ports
 * its runtime objects open, move into the copy at once. Throws IsolateMessageError, naming
 * the part that cannot be copied, as postEncoded() does. */
export function snapshotMessage(message: unknown, transfer?: readonly TransferListItem[]): WireSnapshot {
  let snapshot: WireSnapshot | undefined;
  postEncoded(message, (payload, moved) => {
    // One clone of both: the copy's transfer list holds the copy's own buffers and ports.
    const [copy, movedCopies] = structuredClone([payload, moved], { transfer: moved }) as [unknown, TransferListItem[]];
    snapshot = { payload: copy, transfer: movedCopies };
  }, transfer?.length ? { extraTransfer: transfer } : {});
  return snapshot!;
}

/** True when `message` is posted as it is (no walk, no envelope): a primitive that can be
 * sent, or a flat array or plain object of primitives. */
export function isPlainMessage(message: unknown): boolean {
  if (typeof message === 'object' && message !== null) return isFlat(message);
  return typeof message !== 'function' && typeof message !== 'symbol';
}

/** Posts a message isPlainMessage() accepted; a refusal throws IsolateMessageError, as
 * postEncoded does. */
export function postPlain(message: unknown, port: { postMessage(value: unknown): void }): void {
  try {
    port.postMessage(message);
  } catch (error) {
    throw cloneError(message, error);
  }
}

/** What to throw for an error from posting `message`: an IsolateMessageError naming the part
 * that cannot be copied when structured clone refused it, the error itself otherwise. */
function cloneError(message: unknown, error: unknown): unknown {
  return isDataCloneError(error) ? unsendable(findUnclonable(message), error) : error;
}

const NO_TRANSFER: TransferListItem[] = [];

/** The error for a message structured clone refused, naming the part when it was found. */
function unsendable(found: { path: string; what: string } | undefined, cause: unknown): Error {
  return Errors.unsendable(found?.path ?? 'the message', found?.what ?? 'a value', cause);
}

function isFlat(value: object): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) return false;
    }
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null) return false;
  }
  return true;
}

/** Turns a received payload back into the message that was sent (`kind`: its frameKind, when
 * the caller has read it already). */
export function decodeMessage(raw: unknown, kind = frameKind(raw)): unknown {
  return kind === MARKED ? revive((raw as { m: unknown }).m, new Map()) : raw;
}

function revive(value: unknown, done: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (done.has(value)) return done.get(value);
  const marker = (value as Record<string, unknown>)[WIRE_KEY] as WireMarker | undefined;
  if (marker !== undefined) {
    const reviver = revivers.get(marker.k);
    if (!reviver) throw new Error(`isoscope: unknown wire marker kind ${marker.k}`);
    // Markers may nest (an Isolate carries a SendPort): revive the inside first.
    for (const key of Object.keys(marker)) marker[key] = revive(marker[key], done);
    const live = reviver(marker);
    done.set(value, live);
    return live;
  }
  done.set(value, value);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date || value instanceof RegExp) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i], done);
  } else if (value instanceof Map) {
    for (const [k, v] of [...value]) {
      const k2 = revive(k, done);
      if (k2 !== k) value.delete(k);
      value.set(k2, revive(v, done));
    }
  } else if (value instanceof Set) {
    for (const v of [...value]) {
      const v2 = revive(v, done);
      if (v2 !== v) {
        value.delete(v);
        value.add(v2);
      }
    }
  } else {
    for (const key of Object.keys(value)) (value as Record<string, unknown>)[key] = revive((value as Record<string, unknown>)[key], done);
  }
  return value;
}

function isDataCloneError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'DataCloneError' || /could not be cloned|not listed in transferList/i.test(error.message));
}

/** Finds the first part of a message that structured clone refuses, with a readable path. */
export function findUnclonable(message: unknown): { path: string; what: string } | undefined {
  const seen = new Set<object>();
  const search = (value: unknown, path: string): { path: string; what: string } | undefined => {
    if (typeof value === 'function' || typeof value === 'symbol') return { path, what: describeValue(value) };
    if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
    seen.add(value);
    if (value instanceof WeakMap || value instanceof WeakSet || value instanceof Promise || (typeof WeakRef !== 'undefined' && value instanceof WeakRef)) {
      return { path, what: describeValue(value) };
    }
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date || value instanceof RegExp) return undefined;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const hit = search(value[i], `${path}[${i}]`);
        if (hit) return hit;
      }
      return undefined;
    }
    if (value instanceof Map) {
      for (const [k, v] of value) {
        const hit = search(k, `${path} (a Map key)`) ?? search(v, `${path}.get(${typeof k === 'string' ? JSON.stringify(k) : String(k)})`);
        if (hit) return hit;
      }
      return undefined;
    }
    if (value instanceof Set) {
      for (const v of value) {
        const hit = search(v, `${path} (a Set member)`);
        if (hit) return hit;
      }
      return undefined;
    }
    for (const key of Object.keys(value)) {
      const hit = search((value as Record<string, unknown>)[key], /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);
      if (hit) return hit;
    }
    return undefined;
  };
  return search(message, 'message');
}
