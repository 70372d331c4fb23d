// The capture check at a range (what a quick fix's request asks right after an edit) finds what
// the whole file's check finds there: on every fixture, at every finding (the cursor at each end
// of its use, the use selected) and across each function shipped by name, the findings touching
// the range are the same, with the same fixes.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import ts from 'typescript';
import { checkCaptures, checkCapturesAt, type CaptureFinding } from '../../../src/refactor/captureCheck';
import type { Span } from '../../../src/refactor/captureTypes';
import { fixtureFiles, fixtureProgram } from './fixtureProgram';

/** The findings a request for `range` offers fixes of, as codeActionOffers picks them. */
function touching(findings: readonly CaptureFinding[], range: Span): CaptureFinding[] {
  return findings.filter((finding) => !(finding.start > range.end || finding.end < range.start));
}

describe('refactor: the capture check at a range', function () {
  this.timeout(60_000);

  it('finds at each finding of every fixture what the whole check finds there', () => {
    const files = fixtureFiles();
    const program = fixtureProgram(files);
    const checker = program.getTypeChecker();
    let ranges = 0;
    let named = 0;
    for (const fileName of files) {
      const file = program.getSourceFile(fileName)!;
      const whole = checkCaptures(ts, file, checker);
      const spans: Span[] = [];
      for (const finding of whole) {
        spans.push({ start: finding.start, end: finding.start }, { start: finding.end, end: finding.end }, { start: finding.start, end: finding.end });
        // A function shipped by name, selected whole: its call is elsewhere.
        if (!finding.entry.inline) {
          named++;
          spans.push({ start: finding.entry.start, end: finding.entry.end });
        }
      }
      for (const range of spans) {
        ranges++;
        const expected = touching(whole, range);
        assert.ok(expected.length > 0);
        assert.deepEqual(touching(checkCapturesAt(ts, file, checker, range), range), expected, `${basename(fileName)} at ${range.start}-${range.end}`);
      }
      // Where nothing is touched, nothing is found.
      assert.deepEqual(touching(checkCapturesAt(ts, file, checker, { start: 0, end: 0 }), { start: 0, end: 0 }), touching(whole, { start: 0, end: 0 }));
    }
    assert.ok(ranges > 200 && named > 0, `${ranges} ranges, ${named} named`);
  });
});
