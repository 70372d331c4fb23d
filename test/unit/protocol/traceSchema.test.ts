// The reader checks send and receive events (most of a trace) in a straight line and every
// other event field by field from EVENT_SHAPES: the two must agree on every input.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fieldProblem, shapeProblem } from '../../../src/protocol/traceSchema';

// Field values a line may hold: good ones of every kind the schema uses, and bad ones.
const value = fc.oneof(
  fc.nat({ max: 2 ** 40 }),
  fc.constantFrom(0, 1.5, -1, NaN, Infinity, 2 ** 53, '0:1', '', 'x', null, true, [], {}),
  fc.constant({ url: 'file:///a.js', line: 1, column: 2 }),
  fc.constant({ url: 'file:///a.js', line: '1' }),
  fc.double(),
);
const fields = ['t', 'isolate', 'channel', 'seq', 'bytes', 'transferred', 'bufferBytes', 'port', 'to', 'toPid', 'chpid', 'pid', 'location'];
const wellFormed = fc.record({
  t: fc.double({ min: 0, max: 1e9, noNaN: true }),
  isolate: fc.nat(),
  channel: fc.nat({ max: 2 ** 40 }),
  seq: fc.nat(),
  bytes: fc.nat(),
  transferred: fc.nat(),
  port: fc.option(fc.string(), { nil: undefined }),
  to: fc.option(fc.nat(), { nil: undefined }),
  bufferBytes: fc.option(fc.nat(), { nil: undefined }),
});
/** A well-formed event with a few fields set to any value, or taken away. */
const record = fc.tuple(wellFormed, fc.array(fc.tuple(fc.constantFrom(...fields), fc.option(value, { nil: undefined })), { maxLength: 3 })).map(([event, changes]) => {
  const changed: Record<string, unknown> = Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined));
  for (const [field, to] of changes) {
    if (to === undefined) delete changed[field];
    else changed[field] = to;
  }
  return changed;
});

describe('trace schema', () => {
  it('the straight-line check of sends and receives agrees with the field-by-field check, on any record', () => {
    fc.assert(
      fc.property(fc.constantFrom('send', 'receive') as fc.Arbitrary<'send' | 'receive'>, record, (type, event) => {
        assert.equal(shapeProblem(type, event), fieldProblem(type, event));
      }),
      { numRuns: 20_000 },
    );
  });

  it('well-formed sends and receives pass both', () => {
    fc.assert(
      fc.property(wellFormed, (event) => {
        const fields = Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined));
        assert.equal(shapeProblem('send', fields), undefined);
        assert.equal(fieldProblem('send', fields), undefined);
        assert.equal(shapeProblem('receive', fields), undefined);
      }),
      { numRuns: 5_000 },
    );
  });
});
