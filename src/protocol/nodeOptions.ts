// NODE_OPTIONS with the preload added: what `isoscope record` and the extension's debug
// sessions give a traced program. Node splits NODE_OPTIONS on spaces unless a value is in
// double quotes (with \" and \\ escaped), so the preload's path is quoted: an extension
// installed under a folder with spaces in its name still loads.

/** Quotes `path` as one NODE_OPTIONS value. */
export function quoteNodeOption(path: string): string {
  return `"${path.replace(/(["\\])/g, '\\$1')}"`;
}

/** `existing` NODE_OPTIONS (kept as they are) with `--require <preload>` after them, once. */
export function withPreload(existing: string | undefined, preload: string): string {
  const option = `--require ${quoteNodeOption(preload)}`;
  const kept = (existing ?? '').trim();
  if (kept.includes(option)) return kept;
  return kept ? `${kept} ${option}` : option;
}
