// NDJSON bytes for the send and receive records, written straight into a buffer: no
// template strings, no garbage. Every number in them is an integer or a count of tenths of a
// microsecond, printed as JavaScript prints it (so the lines equal what JSON.stringify of the
// event would give, field order aside).
import { ascii, CHANNEL_FIELD as CHANNEL, ISOLATE_FIELD as ISOLATE, RECEIVE_START as RECEIVE_T, SEND_START as SEND_T } from '../../protocol/recordLines';

const SEQ = ascii(',"seq":');
const PORT = ascii(',"port":"');
const TO = ascii('","to":');
const BYTES = ascii(',"bytes":');
const TRANSFERRED = ascii(',"transferred":');
const BUFFER_BYTES = ascii(',"bufferBytes":');
const END_OBJECT = ascii('}\n');
const END_STRING_OBJECT = ascii('"}\n');
const COLON = 58;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;

/** The longest record line: its field names (about 110 bytes) and ten numbers of at most 17 characters. */
const MAX_LINE = 320;

export class NdjsonWriter {
  buffer: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(Math.max(capacity, MAX_LINE * 2));
  }

  /** True when one more record line surely fits. */
  get roomForRecord(): boolean {
    return this.length + MAX_LINE <= this.buffer.length;
  }

  send(t: number, isolate: number, channel: number, seq: number, to: number, portId: number, bytes: number, transferred: number, bufferBytes: number): void {
    this.head(SEND_T, t, isolate, channel, seq);
    if (to >= 0) {
      if (portId >= 0) {
        this.port(to, portId);
        this.put(TO);
      } else {
        // `,"to":` (TO without the string's closing quote).
        this.put(TO.subarray(1));
      }
      this.int(to);
    }
    this.put(BYTES);
    this.int(bytes);
    this.put(TRANSFERRED);
    this.int(transferred);
    if (bufferBytes > 0) {
      this.put(BUFFER_BYTES);
      this.int(bufferBytes);
    }
    this.put(END_OBJECT);
  }

  receive(t: number, isolate: number, channel: number, seq: number, portId: number): void {
    this.head(RECEIVE_T, t, isolate, channel, seq);
    if (portId >= 0) {
      this.port(isolate, portId);
      this.put(END_STRING_OBJECT);
    } else {
      this.put(END_OBJECT);
    }
  }

  /** `{"type":…,"t":…,"isolate":…,"channel":…,"seq":…`. */
  private head(start: Uint8Array, t: number, isolate: number, channel: number, seq: number): void {
    this.put(start);
    this.tenths(t);
    this.put(ISOLATE);
    this.int(isolate);
    this.put(CHANNEL);
    this.int(channel);
    this.put(SEQ);
    this.int(seq);
  }

  /** `,"port":"<isolate>:<id>` (the string left open). */
  private port(isolate: number, portId: number): void {
    this.put(PORT);
    this.int(isolate);
    this.buffer[this.length++] = COLON;
    this.int(portId);
  }

  private put(bytes: Uint8Array): void {
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** `t` rounded to a tenth, as `${Math.round(t * 10) / 10}` prints it. */
  private tenths(t: number): void {
    let tenths = Math.round(t * 10);
    if (tenths < 0) {
      this.buffer[this.length++] = MINUS;
      tenths = -tenths;
    }
    const fraction = tenths % 10;
    this.int((tenths - fraction) / 10);
    if (fraction !== 0) {
      this.buffer[this.length++] = DOT;
      this.buffer[this.length++] = ZERO + fraction;
    }
  }

  /** A non-negative integer below 2^53. */
  private int(value: number): void {
    if (value < 10) {
      this.buffer[this.length++] = ZERO + value;
      return;
    }
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    let at = this.length + digits;
    this.length = at;
    for (let rest = value; digits-- > 0; rest = Math.floor(rest / 10)) this.buffer[--at] = ZERO + (rest % 10);
  }
}
