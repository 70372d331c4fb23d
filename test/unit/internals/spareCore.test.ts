// The pool isolates' poll gate: the load average less this process's own share.
import assert from 'node:assert/strict';
import { leavesCoreSpare, nextOwnLoad, type OwnLoad } from '../../../src/runtime/worker/spareCore';

/** `seconds` of looks every 250 ms while the process uses `cores` cores. */
function using(start: OwnLoad, cores: number, seconds: number): OwnLoad {
  let own = start;
  for (let t = 250; t <= seconds * 1000; t += 250) own = nextOwnLoad(own, own.cpuMicros + cores * 250 * 1000, own.at + 250);
  return own;
}

describe('spareCore (the pool isolates\' poll gate)', () => {
  const idle: OwnLoad = { cores: 0, cpuMicros: 0, at: 0 };

  it('follows this process\'s use as the kernel\'s 1-minute load average would', () => {
    const busy = using(idle, 2, 60);
    assert.ok(busy.cores > 2 * 0.6 && busy.cores < 2 * 0.66, `a minute at 2 cores: ${busy.cores} (1 - 1/e of 2)`);
    const steady = using(idle, 2, 600);
    assert.ok(Math.abs(steady.cores - 2) < 0.01, `ten minutes at 2 cores: ${steady.cores}`);
    const after = using(steady, 0, 60);
    assert.ok(after.cores > 2 * 0.34 && after.cores < 2 * 0.4, `a minute idle after: ${after.cores} (2/e)`);
  });

  it('ignores a look with no time passed or a clock that went back', () => {
    const own: OwnLoad = { cores: 1, cpuMicros: 5000, at: 100 };
    assert.equal(nextOwnLoad(own, 9000, 100), own);
    assert.equal(nextOwnLoad(own, 9000, 50), own);
  });

  it('leaves a core spare when the load is this process\'s own, not when it is other processes\'', () => {
    assert.equal(leavesCoreSpare(2.4, 2, 2), true, 'a pool that ran a burst on both cores');
    assert.equal(leavesCoreSpare(2.4, 0.2, 2), false, 'two other busy processes');
    assert.equal(leavesCoreSpare(1.4, 0, 2), true);
    assert.equal(leavesCoreSpare(1.6, 0, 2), false);
    assert.equal(leavesCoreSpare(0.5, 3, 2), true, 'own use above the load (runnable threads undercounted) is no load');
  });
});
