import { randomUUID } from 'node:crypto';
import { registerReviver, shippable, type Shippable, type WireMarker } from './wire';

const wireIds = new WeakMap<Capability, string>();

/** An unforgeable token that grants the right to pause, resume or kill an isolate.
 * Mirrors dart:isolate's Capability; it can be sent to other isolates and compares by id. */
export class Capability implements Shippable {
  readonly [shippable] = true;
  constructor(id: string = randomUUID()) {
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

export function capabilityId(capability: Capability): string {
  const id = wireIds.get(capability);
  if (id === undefined) throw new TypeError('not a Capability');
  return id;
}
