// A synthetic trace of any size, for the timeline's scale figures and tests: `isolates`
// lanes (a tree under main), `messages` send/receive pairs between random lanes with
// queue latencies from microseconds to milliseconds, a heap sample per lane every 100 ms
// of trace time, and every way of ending (returned, exited, killed, crashed).
const HEADER = { format: 'isotrace', version: 2, clock: 'us', pid: 1, argv: ['node', 'synthetic.js'], startTime: '2026-01-01T00:00:00.000Z', node: 'v20' };

/** A small seeded PRNG (mulberry32): the same trace for the same seed. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The events, in the order a collector would write them (by isolate, in time order per isolate). */
export function syntheticEvents({ isolates = 50, messages = 500_000, durationUs = 60_000_000, seed = 1 } = {}) {
  const rand = random(seed);
  const round = (t) => Math.round(t * 10) / 10;
  const perLane = Array.from({ length: isolates }, () => []);
  const lifetimes = [];
  for (let id = 0; id < isolates; id++) {
    const start = id === 0 ? 0 : round(rand() * durationUs * 0.1);
    const end = id === 0 ? durationUs : round(durationUs * (0.6 + 0.4 * rand()));
    lifetimes.push([start, end]);
    const parent = id === 0 ? 0 : Math.floor(rand() * id);
    const lane = perLane[id];
    if (id > 0) perLane[parent].push({ type: 'spawn', t: start, isolate: id, parent, debugName: `worker-${id}`, kind: 'function', entry: '(port) => { … }' });
    lane.push({ type: 'running', t: round(start + 500) });
    lane.push({ type: 'portOpen', t: round(start + 600), isolate: id, port: `${id}:1`, debugName: `inbox-${id}` });
    let used = 4e6;
    for (let t = start + 1000; t < end; t += 100_000) {
      used = Math.max(1e6, used + (rand() - 0.45) * 2e6);
      lane.push({ type: 'heap', t: round(t), used: Math.round(used), total: Math.round(used * 1.5), external: 1024, elu: Math.round(rand() * 1000) / 1000 });
    }
  }
  // One channel per sending thread, counted.
  const sent = new Array(isolates).fill(0);
  for (let i = 0; i < messages; i++) {
    const from = Math.floor(rand() * isolates);
    let to = Math.floor(rand() * isolates);
    if (to === from) to = (to + 1) % isolates;
    const [s0, s1] = lifetimes[from];
    const [r0, r1] = lifetimes[to];
    const lo = Math.max(s0, r0) + 1000;
    const hi = Math.min(s1, r1) - 20_000;
    if (hi <= lo) continue;
    const t = round(lo + rand() * (hi - lo));
    const latency = round(5 + rand() ** 4 * 10_000);
    const seq = ++sent[from];
    const bytes = Math.round(16 + rand() ** 6 * 1e6);
    const transferred = rand() < 0.05 ? bytes : 0;
    perLane[from].push({ type: 'send', t, isolate: from, channel: from + 1, seq, port: `${to}:1`, to, bytes, transferred });
    perLane[to].push({ type: 'receive', t: round(t + latency), isolate: to, channel: from + 1, seq, port: `${to}:1` });
  }
  const endings = ['returned', 'exited', 'killed', 'error'];
  for (let id = 1; id < isolates; id++) {
    const reason = endings[id % 4];
    const exit = { type: 'exit', t: lifetimes[id][1], isolate: id, reason };
    if (reason === 'exited') exit.code = 3;
    if (reason === 'error') exit.error = { message: `worker ${id} failed`, stack: `Error: worker ${id} failed\n    at work (file:///app/worker.js:${id}:7)` };
    if (reason === 'killed') perLane[0].push({ type: 'kill', t: round(lifetimes[id][1] - 10), isolate: id, by: 0, priority: 'immediate' });
    perLane[id].push(exit);
  }
  perLane[0].push({ type: 'exit', t: durationUs, isolate: 0, reason: 'returned', code: 0 });
  for (const lane of perLane) lane.sort((a, b) => a.t - b.t);
  // Events without their own isolate field (running) belong to their lane.
  return perLane.flatMap((lane, id) => lane.map((e) => (e.isolate === undefined ? { ...e, isolate: id } : e)));
}

/** The same as an .isotrace text. */
export function syntheticTrace(options) {
  const lines = [JSON.stringify(HEADER)];
  for (const event of syntheticEvents(options)) lines.push(JSON.stringify(event));
  return `${lines.join('\n')}\n`;
}
