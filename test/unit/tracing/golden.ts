// Golden logs (STYLE #4): a trace rendered with times, thread ids and sizes that vary
// between runs taken out, isolate by isolate, so a diff shows exactly what changed.
import type { TraceEvent } from 'isoscope';

const VARYING = new Set(['heap', 'dropped']);

export function normalize(events: TraceEvent[]): string {
  const labels = new Map<number, string>([[0, 'main']]);
  const used = new Map<string, number>();
  for (const spawn of events.filter((e) => e.type === 'spawn').sort((a, b) => a.t - b.t)) {
    if (spawn.type !== 'spawn') continue;
    const n = (used.get(spawn.debugName) ?? 0) + 1;
    used.set(spawn.debugName, n);
    labels.set(spawn.isolate, n === 1 ? spawn.debugName : `${spawn.debugName}#${n}`);
  }
  const label = (id: number): string => labels.get(id) ?? `unspawned`;
  const ref = (id: string): string => id.replace(/^(\d+):/, (_, iso: string) => `${label(Number(iso))}:`);
  // Message ids are channel numbers and counts, which vary between runs: a message is shown
  // by the isolate that sent it.
  const senders = new Map<string, number>();
  const key = (e: { channel: number; seq: number }): string => `${e.channel}:${e.seq}`;
  for (const e of events) if (e.type === 'send') senders.set(key(e), e.isolate);
  const sender = (e: { channel: number; seq: number }): string => {
    const isolate = senders.get(key(e));
    return isolate === undefined ? 'an unrecorded sender' : label(isolate);
  };
  const where = (l: { url: string; line: number } | undefined): string => (l ? ` at ${l.url.slice(l.url.lastIndexOf('/') + 1)}:${l.line}` : '');
  const line = (e: TraceEvent): string => {
    switch (e.type) {
      case 'spawn':
        return `spawn ${e.kind} ${JSON.stringify(e.entry.startsWith('file:') ? e.entry.slice(e.entry.lastIndexOf('/') + 1) : e.entry)} by ${label(e.parent)}${where(e.location)}`;
      case 'send':
        return `send from ${sender(e)}${e.port ? ` to port ${ref(e.port)}` : ''}${e.to !== undefined ? ` of ${label(e.to)}` : ''}, ${e.bytes} bytes${e.transferred ? `, ${e.transferred} moved` : ''}`;
      case 'receive':
        return `receive from ${sender(e)}${e.port ? ` on port ${ref(e.port)}` : ''}`;
      case 'portOpen':
        return `portOpen ${ref(e.port)}${e.debugName ? ` "${e.debugName}"` : ''}`;
      case 'portClose':
        return `portClose ${ref(e.port)}`;
      case 'kill':
        return `kill ${e.priority} by ${e.by === 'editor' ? 'the editor' : label(e.by)}${where(e.location)}`;
      case 'exit':
        return `exit ${e.reason}${e.error ? `: ${e.error.message.split('\n')[0]}` : ''}`;
      default:
        return e.type;
    }
  };
  const out: string[] = [];
  for (const [id, name] of [...labels].sort((a, b) => (a[0] === 0 ? -1 : b[0] === 0 ? 1 : a[1].localeCompare(b[1])))) {
    out.push(`[${name}]`);
    let previous = '';
    let repeated = false;
    for (const event of events.filter((e) => e.isolate === id && !VARYING.has(e.type)).sort((a, b) => a.t - b.t)) {
      // Repeats (ticks, sends in a loop) vary in number between runs; keep one and say so.
      const text = line(event);
      if (text === previous) {
        if (!repeated) out.push('  …repeated');
        repeated = true;
        continue;
      }
      out.push(`  ${text}`);
      previous = text;
      repeated = false;
    }
  }
  return out.join('\n') + '\n';
}
