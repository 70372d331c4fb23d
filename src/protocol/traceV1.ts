// Version 1 of the format named a message with one string, `msg`: "<channel>:<n>" as the
// runtime wrote it. Version 2 names it with two numbers, `channel` and `seq`. The reader
// turns a version 1 send or receive into version 2 here, so that nothing past the reader
// knows version 1.

/** Where the channels of version 1 ids that are not "<channel>:<n>" go: past any real one. */
const OTHER_IDS = 2 ** 40;

export class V1Messages {
  private readonly others = new Map<string, number>();

  /** The record with `channel` and `seq` in place of its `msg` (a new object; one without a
   * string `msg` is returned as it is, for the shape check to report). */
  upgrade(record: Record<string, unknown>): Record<string, unknown> {
    const { msg, ...rest } = record;
    if (typeof msg !== 'string') return record;
    const match = /^(\d{1,15}):(\d{1,15})$/.exec(msg);
    if (match) return { ...rest, channel: Number(match[1]), seq: Number(match[2]) };
    // Any other id still pairs a send with its receives: one channel of its own, seq 0.
    let channel = this.others.get(msg);
    if (channel === undefined) {
      channel = OTHER_IDS + this.others.size;
      this.others.set(msg, channel);
    }
    return { ...rest, channel, seq: 0 };
  }
}
