// No false positives on the seed examples (examples/, recorded now): none has a finding,
// but copyVsTransfer, whose point is to copy 64 MB that could have moved, has that one.
// Whole, streamed and interleaved give the same.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findTraceFindings } from '../../../../src/protocol/findings/engine';
import { interleaved, record, root, streamedFindings, wholeFindings } from './fixtureTraces';

const examples = ['sumWhileTicking', 'killTimer', 'parseJson', 'conversation', 'computeExample', 'copyVsTransfer'];

describe('findings: the seed examples', function () {
  this.timeout(120_000);

  for (const name of examples) {
    it(name, () => {
      const { bytes, trace, status, stderr } = record(join(root, 'out/examples', `${name}.js`));
      assert.equal(status, 0, stderr);
      const findings = wholeFindings(trace);
      if (name === 'copyVsTransfer') {
        assert.deepEqual(findings.map((f) => [f.rule, f.isolate]), [['copy-could-transfer', 0]], JSON.stringify(findings, null, 1));
        assert.match(findings[0]!.message, /^main copied a message of 64\.0 MB, 100% ArrayBuffers or typed arrays/);
      } else {
        assert.deepEqual(findings, []);
      }
      assert.deepEqual(streamedFindings(bytes, 7), findings);
      assert.deepEqual(findTraceFindings(interleaved(trace.list, 7)), findings);
    });
  }
});
