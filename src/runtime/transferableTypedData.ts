// Bytes that move between isolates without being copied. Mirrors dart:isolate.
import { Errors } from './errors';
import { registerReviver, shippable, type Encoding, type Shippable, type WireMarker } from './wire';

export class TransferableTypedData implements Shippable {
  readonly [shippable] = true;
  #buffer: ArrayBuffer | undefined;

  private constructor(buffer: ArrayBuffer) {
    this.#buffer = buffer;
  }

  /** Copies the views' bytes once, into one buffer that then moves without copying. */
  static fromList(views: readonly ArrayBufferView[]): TransferableTypedData {
    let length = 0;
    for (const view of views) length += view.byteLength;
    const bytes = new Uint8Array(length);
    let offset = 0;
    for (const view of views) {
      bytes.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), offset);
      offset += view.byteLength;
    }
    return new TransferableTypedData(bytes.buffer);
  }

  /** The bytes, as an ArrayBuffer. Works once: the bytes are handed over, not copied. */
  materialize(): ArrayBuffer {
    const buffer = this.#buffer;
    if (buffer === undefined) throw Errors.alreadyMaterialized();
    this.#buffer = undefined;
    return buffer;
  }

  /** @internal The buffer moves with the message; this object is then used up. */
  toWire(encoding: Encoding): WireMarker {
    const buffer = this.#buffer;
    if (buffer === undefined) throw Errors.alreadyMaterialized();
    encoding.transfer.push(buffer);
    this.#buffer = undefined;
    encoding.onRollback(() => {
      this.#buffer = buffer;
    });
    return { k: 'ttd', buffer };
  }

  static {
    registerReviver('ttd', (marker) => new TransferableTypedData(marker['buffer'] as ArrayBuffer));
  }
}
