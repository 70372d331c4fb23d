// Observations a test records for people to read (how js-debug names its child sessions,
// say), carried in the results file's `notes`. Kept on a global, not in this module: each
// test file is bundled on its own, so each holds its own copy of this module.
const KEY = Symbol.for('isoscope.vscodeSuite.notes');

function notes(): Record<string, unknown> {
  const holder = globalThis as { [KEY]?: Record<string, unknown> };
  return (holder[KEY] ??= {});
}

/** Records `value` under `key` (a later note with the same key replaces it). */
export function note(key: string, value: unknown): void {
  notes()[key] = value;
}

/** Every note recorded so far. */
export function allNotes(): Record<string, unknown> {
  return { ...notes() };
}
