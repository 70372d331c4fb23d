// spawn-per-task (info, names the parent): at least spawnMinIsolates (20) isolates of one
// entry, started by one parent, each doing its work in less than spawnMaxWorkUs (50 ms):
// from its task's arrival (its first receive), or else its start, to its last message. So
// start-up dominated; the finding says how much start-up (spawn to work) they paid, which
// an IsolatePool or one long-lived isolate would pay once per thread. While the trace
// streams, a group is decided once that many of its isolates were short, each counted
// when its thread is done (traceState.ts: it exited, and its last events are in).
import type { Rule, RuleFactory } from './rule';
import { about, ms } from './related';
import { isolateName, type IsolateRecord } from './traceRecords';
import { MAX_RELATED, type Finding } from './findingTypes';
import type { Micros } from '../time';

interface Group {
  parent: IsolateRecord;
  entry: string;
  short: IsolateRecord[];
  total: number;
}

export const spawnPerTaskRule: RuleFactory = (state, options): Rule => {
  /** Adds an isolate to its group (by parent, kind and entry). */
  const count = (groups: Map<string, Group>, isolate: IsolateRecord): Group | undefined => {
    if (isolate.spawnAt === undefined || isolate.parent === undefined || isolate.kind === 'pool') return undefined;
    const key = `${isolate.pid}/${isolate.parent}/${isolate.kind}/${isolate.entry}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { parent: state.isolate(isolate.pid, isolate.parent), entry: isolate.entry ?? '?', short: [], total: 0 }));
    group.total++;
    const work = workSpan(isolate);
    if (work && work.end - work.start < options.spawnMaxWorkUs) group.short.push(isolate);
    return group;
  };
  /** While streaming: the isolates that ended (and were spawned), not yet counted; those
   * counted; the groups of those, and the groups that changed. */
  let ended: IsolateRecord[] = [];
  const counted = new Set<IsolateRecord>();
  const streamed = new Map<string, Group>();
  const changed = new Set<Group>();
  const decided = new Map<Group, Finding>();
  const judge = (g: Group): Finding | undefined => {
    if (g.short.length < options.spawnMinIsolates) return undefined;
    const short = [...g.short].sort((a, b) => a.spawnAt! - b.spawnAt! || a.id - b.id);
    const works = short.map((i) => { const w = workSpan(i)!; return w.end - w.start; });
    const startups = short.map((i) => Math.max(0, workSpan(i)!.start - i.spawnAt!));
    const startupTotal = startups.reduce((a, b) => a + b, 0);
    const start = short[0]!.spawnAt!;
    const end = Math.max(...short.map((i) => i.exit?.t ?? workSpan(i)!.end));
    const first = short[0]!;
    return {
      rule: 'spawn-per-task', severity: 'info', ...about(g.parent), start: start as Micros, end: end as Micros,
      message: `${isolateName(g.parent)} started ${g.short.length} of ${g.total} isolates of ${g.entry} that each did their work in under ${ms(options.spawnMaxWorkUs)} (median ${ms(median(works))}) after a median ${ms(median(startups))} of start-up: ${ms(startupTotal)} of start-up in all, which an IsolatePool or one long-lived isolate would pay once per thread`,
      ...(first.location ? { location: first.location } : {}),
      related: { isolates: short.slice(0, MAX_RELATED).map((i) => i.id) },
    };
  };
  return {
    types: ['exit', 'spawn'],
    event(_event, isolate): void {
      if (isolate.exit && isolate.spawnAt !== undefined) ended.push(isolate);
    },
    current(out: Finding[]): void {
      ended = ended.filter((isolate) => {
        if (counted.has(isolate)) return false;
        if (!state.threadDone(isolate)) return true;
        counted.add(isolate);
        const group = count(streamed, isolate);
        if (group) changed.add(group);
        return false;
      });
      for (const group of changed) {
        const found = judge(group);
        if (found) decided.set(group, found);
      }
      changed.clear();
      for (const found of decided.values()) out.push(found);
    },
    finish(out: Finding[]): void {
      const groups = new Map<string, Group>();
      for (const isolate of state.allIsolates()) count(groups, isolate);
      for (const g of groups.values()) {
        const found = judge(g);
        if (found) out.push(found);
      }
    },
  };
};

/** From the task's arrival (or the isolate's start) to its last message, for an isolate
 * that ended; undefined for one still running or never seen working. */
function workSpan(isolate: IsolateRecord): { start: number; end: number } | undefined {
  if (!isolate.exit) return undefined;
  const start = isolate.firstReceiveAt ?? isolate.runningAt ?? isolate.spawnAt;
  const end = isolate.lastSendAt ?? isolate.lastReceiveAt ?? isolate.exit.t;
  return start === undefined ? undefined : { start, end: Math.max(start, end) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
