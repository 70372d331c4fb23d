// NDJSON bytes for the send and receive records, written straight into a buffer: no
// template strings, no garbage. Every number in them is an integer or a count of tenths of a
// microsecond, printed as JavaScript prints it (so the lines equal what JSON.stringify of the
// event would give, field order aside).
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

const SEND_T = ascii('{"type":"send","t":');
const RECEIVE_T = ascii('{"type":"receive","t":');
const ISOLATE = ascii(',"isolate":');
const MSG = ascii(',"msg":"');
const PORT = ascii('","port":"');
const TO = ascii('","to":');
const BYTES_AFTER_MSG = ascii('","bytes":');
const BYTES = ascii(',"bytes":');
const TRANSFERRED = ascii(',"transferred":');
const END_OBJECT = ascii('}\n');
const END_STRING_OBJECT = ascii('"}\n');
const COLON = 58;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;

/** The longest record line: prefixes plus eleven numbers of at most 17 characters. */
const MAX_LINE = 256;

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

  send(t: number, isolate: number, channel: number, seq: number, to: number, portId: number, bytes: number, transferred: number): void {
    this.head(SEND_T, t, isolate, channel, seq);
    if (to >= 0) {
      if (portId >= 0) {
        this.put(PORT);
        this.int(to);
        this.buffer[this.length++] = COLON;
        this.int(portId);
      }
      this.put(TO);
      this.int(to);
      this.put(BYTES);
    } else {
      this.put(BYTES_AFTER_MSG);
    }
    this.int(bytes);
    this.put(TRANSFERRED);
    this.int(transferred);
    this.put(END_OBJECT);
  }

  receive(t: number, isolate: number, channel: number, seq: number, portId: number): void {
    this.head(RECEIVE_T, t, isolate, channel, seq);
    if (portId >= 0) {
      this.put(PORT);
      this.int(isolate);
      this.buffer[this.length++] = COLON;
      this.int(portId);
    }
    this.put(END_STRING_OBJECT);
  }

  /** `{"type":…,"t":…,"isolate":…,"msg":"<channel>:<seq>` (the string left open). */
  private head(start: Uint8Array, t: number, isolate: number, channel: number, seq: number): void {
    this.put(start);
    this.tenths(t);
    this.put(ISOLATE);
    this.int(isolate);
    this.put(MSG);
    this.int(channel);
    this.buffer[this.length++] = COLON;
    this.int(seq);
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
