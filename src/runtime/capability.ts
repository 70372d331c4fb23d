import { threadId } from 'node:worker_threads';
import { registerReviver, shippable, type Shippable, type WireMarker } from './wire';

const wireIds = new WeakMap<Capability, string>();
let made = 0;

/** A process-unique id. Not from node:crypto on purpose: loading it costs every isolate
 * 2.5 ms at start-up, and the id is a handle, not a secret (code in the same process can
 * read any memory of it anyway); what makes a capability unforgeable is the API. */
function newId(): string {
  return `${threadId}.${++made}.${Math.random().toString(36).slice(2)}`;
}

/** An unforgeable token that grants the right to pause, resume or kill an isolate.
 * Mirrors dart:isolate's Capability; it can be sent to other isolates and compares by id. */
export class Capability implements Shippable {
  readonly [shippable] = true;
  constructor(id: string = newId()) {
    wireIds.set(this, id);
  }
  /** True when both tokens come from the same `new Capability()`, here or in another isolate. */
  equals(other: unknown): boolean {
    return other instanceof Capability && capabilityId(other) === capabilityId(this);
  }
  toString(): string {
    return 'Capability';
  }
  /** @internal */
  toWire(): WireMarker {
    return { k: 'capability', id: capabilityId(this) };
  }
  static {
    registerReviver('capability', (marker) => new Capability(marker['id'] as string));
  }
}

/** The id a capability is compared and sent by, the same in every isolate. */
export function capabilityId(capability: Capability): string {
  const id = wireIds.get(capability);
  if (id === undefined) throw new TypeError('not a Capability');
  return id;
}
