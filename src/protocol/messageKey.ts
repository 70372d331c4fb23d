// One key per message, from its channel and seq, for maps that pair sends with receives.

/** Below this channel number, channel × 2^32 + seq is an exact number: the usual case,
 * and the fast one (a string key for the rest keeps every message apart). */
const EXACT_CHANNELS = 2 ** 21;

/** The key of message `seq` on `channel`. */
export function messageKey(channel: number, seq: number): number | string {
  return channel < EXACT_CHANNELS && seq < 2 ** 32 ? channel * 2 ** 32 + seq : `${channel}:${seq}`;
}
