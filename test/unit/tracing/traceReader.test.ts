// The streaming reader on bad input: a clear problem with the line number, never a crash or
// a hang, and every good event kept. Property tests corrupt a real trace at random.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { TraceReader, parseTrace, type TraceEvent, type TraceProblem } from 'isoscope';
import { fixtures, runTraced } from './traceHelpers.js';

const header = '{"format":"isotrace","version":2,"clock":"us","pid":1,"argv":["node","a.js"],"startTime":"2026-01-01T00:00:00.000Z"}';
const spawn = '{"type":"spawn","t":5,"isolate":1,"parent":0,"kind":"function","debugName":"w","entry":"f"}';
const send = '{"type":"send","t":6,"isolate":1,"channel":1,"seq":1,"bytes":9,"transferred":0}';
const receive = '{"type":"receive","t":7,"isolate":0,"channel":1,"seq":1}';
const good = [header, spawn, send, receive].join('\n') + '\n';

const messages = (problems: TraceProblem[]) => problems.map((p) => `${p.severity} ${p.line}: ${p.message}`);

describe('trace reader', () => {
  it('reads a good trace with no problems', () => {
    const trace = parseTrace(good);
    assert.deepEqual(trace.problems, []);
    assert.equal(trace.list.length, 3);
    assert.equal(trace.header?.pid, 1);
  });

  it('truncated: keeps what is whole and warns about the cut line', () => {
    const cut = good.slice(0, good.length - 10);
    const trace = parseTrace(cut);
    assert.equal(trace.list.length, 2);
    assert.deepEqual(messages(trace.problems), [
      'error 4: line is not valid JSON (' + (() => { try { JSON.parse(receive.slice(0, receive.length - 9)); } catch (e) { return (e as Error).message; } return ''; })() + '); skipped',
      'warning 4: the last line has no newline: the trace may be truncated (was the program still writing it?)',
    ]);
  });

  it('binary junk: an error for the line, the lines around it kept', () => {
    const junk = Buffer.concat([Buffer.from(header + '\n' + spawn + '\n'), Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a]), Buffer.from(send + '\n')]);
    const trace = parseTrace(junk);
    assert.equal(trace.list.length, 2);
    assert.deepEqual(messages(trace.problems), ['error 3: line is not UTF-8 text (binary data?); skipped']);
  });

  it('a 100 MB line: skipped with an error, memory bounded, the next line kept', () => {
    const reader = new TraceReader({ onEvent: (e) => events.push(e), onProblem: (p) => problems.push(p) });
    const events: TraceEvent[] = [];
    const problems: TraceProblem[] = [];
    reader.write(header + '\n' + spawn + '\n{"type":"send","pad":"');
    const chunk = new Uint8Array(1 << 20).fill(0x61);
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 100; i++) reader.write(chunk);
    const grew = process.memoryUsage().arrayBuffers - before;
    reader.write('"}\n' + send + '\n');
    reader.end();
    assert.equal(events.length, 2);
    assert.deepEqual(messages(problems), [`error 3: line is longer than ${1 << 20} bytes; skipped`]);
    assert.ok(grew < 16 << 20, `held ${grew} bytes for a 100 MB line`);
  });

  it('an over-long line given as text: whole, cut across chunks, or wide characters: skipped with one error each', () => {
    const long = `{"type":"send","pad":"${'a'.repeat(1 << 20)}"}`;
    const wide = `{"type":"send","pad":"${'é€'.repeat(220_000)}"}`; // 440k UTF-16 units, 1.1 MB in UTF-8
    const text = `${header}\n${spawn}\n${long}\n${send}\n${wide}\n${send}\n`;
    for (const pieces of [[text], [text.slice(0, 5000), text.slice(5000, 800_000), text.slice(800_000)]]) {
      const events: TraceEvent[] = [];
      const problems: TraceProblem[] = [];
      const reader = new TraceReader({ onEvent: (e) => events.push(e), onProblem: (p) => problems.push(p) });
      for (const piece of pieces) reader.write(piece);
      reader.end();
      assert.equal(events.length, 3);
      assert.deepEqual(messages(problems), [`error 3: line is longer than ${1 << 20} bytes; skipped`, `error 5: line is longer than ${1 << 20} bytes; skipped`]);
    }
  });

  it('an unknown (newer) version: a warning, and the events it knows are read', () => {
    const trace = parseTrace(header.replace('"version":2', '"version":7') + '\n' + spawn + '\n{"type":"gcPause","t":1,"isolate":1}\n{"type":"gcPause","t":2,"isolate":1}\n');
    assert.equal(trace.list.length, 1);
    assert.deepEqual(messages(trace.problems), [
      'warning 1: the trace is format version 7, newer than this reader (2): events it does not know are skipped',
      'warning 3: 2 event(s) of unknown type "gcPause" skipped (first on this line); a newer isoscope may have written them',
    ]);
  });

  it('events about isolates never spawned: one warning per isolate, events kept', () => {
    const trace = parseTrace(header + '\n' + send + '\n' + send + '\n');
    assert.equal(trace.list.length, 2);
    assert.deepEqual(messages(trace.problems), ['warning 2: isolate 1 has events (first on this line) but no spawn event']);
  });

  it('a spawn later in the file (threads are drained in turn) is not a problem', () => {
    assert.deepEqual(parseTrace(header + '\n' + send + '\n' + spawn + '\n').problems, []);
  });

  it('malformed events say which field is wrong', () => {
    const trace = parseTrace([
      header,
      '{"type":"send","t":1,"isolate":0,"channel":1,"seq":1,"bytes":-1,"transferred":0}',
      '{"type":"exit","t":1,"isolate":0,"reason":"vanished"}',
      '[1,2]',
      '{"t":1}',
      '{"type":"receive","t":1,"isolate":0,"channel":"1","seq":1}',
      '{"type":"send","t":1,"isolate":0,"channel":1,"seq":2,"bytes":1,"transferred":0,"bufferBytes":0.5}',
      '{"type":"process","t":1,"isolate":0,"pid":7,"argv":"node b.js"}',
      '',
    ].join('\n'));
    assert.deepEqual(messages(trace.problems), [
      'error 2: "bytes" of a "send" event must be a whole number ≥ 0, not -1; skipped',
      'error 3: "reason" of a "exit" event must be one of returned, exited, killed, error, not "vanished"; skipped',
      'error 4: line is not a JSON object; skipped',
      'error 5: line has no "type": not a trace event; skipped',
      'error 6: "channel" of a "receive" event must be a whole number ≥ 0, not "1"; skipped',
      'error 7: "bufferBytes" of a "send" event must be a whole number ≥ 0; skipped',
      'error 8: "argv" of a "process" event must be a list of strings, not "node b.js"; skipped',
    ]);
  });

  it('reads version 1: an id "<channel>:<n>" becomes channel and seq, and any other id still pairs its send with its receives', () => {
    const v1 = [
      '{"format":"isotrace","version":1,"clock":"us","pid":1,"argv":["node","a.js"],"startTime":"2026-01-01T00:00:00.000Z"}',
      spawn,
      '{"type":"send","t":6,"isolate":1,"msg":"4:12","port":"0:1","to":0,"bytes":9,"transferred":0}',
      '{"type":"receive","t":7,"isolate":0,"msg":"4:12","port":"0:1"}',
      '{"type":"send","t":8,"isolate":0,"msg":"b-1","bytes":3,"transferred":0}',
      '{"type":"receive","t":9,"isolate":1,"msg":"b-1"}',
      '{"type":"receive","t":9,"isolate":0,"msg":"b-2"}',
    ].join('\n');
    const trace = parseTrace(v1 + '\n');
    assert.deepEqual(trace.problems, []);
    const [sent, received, other, otherHeard, unrelated] = trace.list.slice(1) as Extract<TraceEvent, { type: 'send' | 'receive' }>[];
    assert.deepEqual(sent, { type: 'send', t: 6, isolate: 1, channel: 4, seq: 12, port: '0:1', to: 0, bytes: 9, transferred: 0 });
    assert.deepEqual(received, { type: 'receive', t: 7, isolate: 0, channel: 4, seq: 12, port: '0:1' });
    assert.deepEqual([otherHeard!.channel, otherHeard!.seq], [other!.channel, other!.seq]);
    assert.ok(other!.channel >= 2 ** 40, 'apart from every real channel');
    assert.notEqual(unrelated!.channel, other!.channel);
  });

  it('a trace of several processes: isolates are checked per process, and a process without its process event is named', () => {
    const trace = parseTrace([
      header,
      '{"type":"process","t":10,"isolate":0,"pid":7,"ppid":1,"argv":["node","b.js"]}',
      '{"type":"running","t":11,"isolate":0,"pid":7}',
      // Isolate 1 of process 7 is another isolate than the header process's isolate 1.
      '{"type":"heap","t":12,"isolate":1,"pid":7,"used":1,"total":2,"external":0,"elu":0}',
      spawn,
      '{"type":"running","t":13,"isolate":0,"pid":9}',
      '',
    ].join('\n'));
    assert.equal(trace.list.length, 5);
    assert.deepEqual(messages(trace.problems), [
      'warning 6: process 9 has events (first on this line) but no process event',
      'warning 4: isolate 1 of process 7 has events (first on this line) but no spawn event',
    ]);
  });

  it('no header: an error on line 1, events still read', () => {
    const trace = parseTrace(spawn + '\n' + send + '\n');
    assert.equal(trace.list.length, 2);
    assert.deepEqual(messages(trace.problems), ['error 1: the first line is not an isotrace header (expected "format": "isotrace"); reading events anyway']);
  });

  it('an empty stream is an error, not a crash', () => {
    assert.deepEqual(messages(parseTrace('').problems), ['error 0: the trace is empty']);
  });

  describe('properties, on random corruptions of a real trace', function () {
    this.timeout(120_000);
    let real: Buffer;
    let realEvents: number;

    before(() => {
      const run = runTraced([join(fixtures, 'manyIsolates.mjs'), '20']);
      real = Buffer.from(run.trace.list.length > 0 ? [header, ...run.trace.list.map((e) => JSON.stringify(e))].join('\n') + '\n' : '');
      realEvents = run.trace.list.length;
      assert.ok(realEvents > 100);
    });

    it('however it is cut into chunks, the reader reads the same, also from one Buffer the caller reuses (as isoscope record reads a growing file)', () => {
      const reused = Buffer.alloc(real.length);
      fc.assert(
        fc.property(fc.array(fc.nat(), { maxLength: 20 }), fc.boolean(), (cuts, reuse) => {
          const points = [...new Set(cuts.map((c) => c % real.length))].sort((a, b) => a - b);
          const events: TraceEvent[] = [];
          const reader = new TraceReader({ onEvent: (e) => events.push(e) });
          let from = 0;
          for (const point of [...points, real.length]) {
            if (!reuse) reader.write(real.subarray(from, point));
            else {
              reader.write(reused.subarray(0, real.copy(reused, 0, from, point)));
              // The caller's next read overwrites what the reader was given.
              reused.fill(0x7b);
            }
            from = point;
          }
          const totals = reader.end();
          assert.equal(totals.errors, 0);
          assert.equal(events.length, realEvents);
        }),
        { numRuns: 200 },
      );
    });

    it('text read as strings, in any chunks and mixed with bytes, reads as the bytes do', () => {
      const text = real.toString('utf8');
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 20 }), (cuts) => {
          const points = [...new Map(cuts.map(([c, asText]) => [c % text.length, asText])).entries()].sort((a, b) => a[0] - b[0]);
          const events: TraceEvent[] = [];
          const reader = new TraceReader({ onEvent: (e) => events.push(e) });
          let from = 0;
          for (const [point, asText] of [...points, [text.length, true] as [number, boolean]]) {
            const piece = text.slice(from, point);
            reader.write(asText ? piece : Buffer.from(piece));
            from = point;
          }
          const totals = reader.end();
          assert.equal(totals.errors, 0);
          assert.deepEqual(events, parseTrace(real).list);
        }),
        { numRuns: 200 },
      );
    });

    it('random bytes overwritten, inserted or cut off: no throw, a problem per damaged line, every untouched event kept', () => {
      const lines = real.toString('utf8').split('\n');
      fc.assert(
        fc.property(
          fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom('overwrite', 'insert', 'truncate'), bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }) }), { minLength: 1, maxLength: 8 }),
          (edits) => {
            let data = Buffer.from(real);
            for (const edit of edits) {
              const at = edit.at % data.length;
              if (edit.kind === 'truncate') data = data.subarray(0, Math.max(1, at));
              else if (edit.kind === 'insert') data = Buffer.concat([data.subarray(0, at), Buffer.from(edit.bytes), data.subarray(at)]);
              else {
                data = Buffer.from(data);
                Buffer.from(edit.bytes).copy(data, at);
              }
            }
            const trace = parseTrace(data);
            // Every original event line that survives whole, on a line of its own, is read.
            const surviving = new Set(data.toString('latin1').split('\n'));
            const intact = lines.slice(1).filter((l) => l !== '' && surviving.has(l)).length;
            assert.ok(trace.list.length >= intact - 1, `${trace.list.length} events read, ${intact} lines intact`);
            for (const problem of trace.problems) assert.ok(problem.line >= 0 && problem.message.length > 0);
          },
        ),
        { numRuns: 300 },
      );
    });

    it('whole lines replaced with junk: exactly those lines are reported, all others read', () => {
      const lines = real.toString('utf8').trimEnd().split('\n');
      fc.assert(
        fc.property(fc.uniqueArray(fc.integer({ min: 1, max: lines.length - 1 }), { minLength: 1, maxLength: 10 }), fc.string({ minLength: 1, maxLength: 30 }), (indexes, junk) => {
          const text = lines.map((line, i) => (indexes.includes(i) ? `#${junk.replace(/\n/g, ' ')}` : line)).join('\n') + '\n';
          const trace = parseTrace(text);
          const errorLines = trace.problems.filter((p) => p.severity === 'error').map((p) => p.line).sort((a, b) => a - b);
          assert.deepEqual(errorLines, indexes.map((i) => i + 1).sort((a, b) => a - b));
          assert.equal(trace.list.length, realEvents - indexes.length);
        }),
        { numRuns: 200 },
      );
    });
  });
});
