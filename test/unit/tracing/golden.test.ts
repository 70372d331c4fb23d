// Golden logs for the seed examples: UPDATE_GOLDEN=1 npm test rewrites them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from './golden.js';
import { root, runTraced } from './traceHelpers.js';

const examples = ['sumWhileTicking', 'killTimer', 'parseJson', 'conversation', 'computeExample', 'copyVsTransfer'];

describe('tracing: golden logs of the seed examples', function () {
  this.timeout(120_000);

  for (const name of examples) {
    it(name, () => {
      const run = runTraced([join(root, 'out/examples', `${name}.js`)]);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(run.trace.problems, []);
      const actual = normalize(run.trace.list);
      const file = join(root, 'test/golden', `${name}.txt`);
      if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
        writeFileSync(file, actual);
        if (process.env['UPDATE_GOLDEN'] !== '1') assert.fail(`wrote the missing golden log ${file}; check it and commit it`);
      } else {
        assert.equal(actual, readFileSync(file, 'utf8'));
      }
    });
  }
});
