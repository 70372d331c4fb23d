// The timeline's record of the debugger's stops: spans per thread from the host's paused and
// resumed messages.
import assert from 'node:assert/strict';
import { DebugPauses, describePause, type DebugPauseMessage } from '../../../webview/src/model/debugPauses';
import type { Micros } from '../../../src/protocol/time';

const pause = (state: 'paused' | 'resumed', pid: number, at: number, isolates?: number[], reason?: string): DebugPauseMessage => ({ type: 'debugPause', state, pid, at, ...(isolates ? { isolates } : {}), ...(reason ? { reason } : {}) });
const ORIGIN = 1_000_000;
const place = (_pid: number, at: number) => (at - ORIGIN) as Micros;

describe('timeline debugger stops', () => {
  it('spans a thread from each stop to its resume; a stop of every thread applies to each; a resume of others leaves it stopped', () => {
    const pauses = new DebugPauses();
    assert.equal(pauses.isEmpty, true);
    pauses.add(pause('paused', 10, ORIGIN + 100, undefined, 'breakpoint'));
    pauses.add(pause('resumed', 10, ORIGIN + 200));
    pauses.add(pause('paused', 10, ORIGIN + 300, [2], 'step'));
    // Thread 3 resumes: thread 2 is still stopped.
    pauses.add(pause('resumed', 10, ORIGIN + 350, [3]));
    pauses.add(pause('paused', 11, ORIGIN + 400));
    assert.deepEqual(pauses.spans(10, 0, place), [{ from: 100, to: 200, reason: 'breakpoint' }]);
    assert.deepEqual(pauses.spans(10, 2, place), [{ from: 100, to: 200, reason: 'breakpoint' }, { from: 300, to: undefined, reason: 'step' }]);
    assert.deepEqual(pauses.spans(11, 0, place), [{ from: 400, to: undefined, reason: undefined }]);
    assert.deepEqual(pauses.spans(12, 0, place), [], 'another process');
    assert.deepEqual(pauses.spans(undefined, 0, place), [], 'a lane of no known process');
    assert.equal(pauses.latest(place), 400);
    // Until the trace says where its t = 0 is, nothing can be placed.
    assert.deepEqual(pauses.spans(10, 0, () => undefined), []);
    assert.equal(pauses.latest(() => undefined), -Infinity);
  });

  it('says why a thread stopped in words', () => {
    assert.equal(describePause('breakpoint'), 'paused at breakpoint');
    assert.equal(describePause('function breakpoint'), 'paused at function breakpoint');
    assert.equal(describePause('exception'), 'paused on exception');
    assert.equal(describePause('step'), 'paused after a step');
    assert.equal(describePause(undefined), 'paused by the debugger');
    assert.equal(describePause('goto'), 'paused: goto');
  });
});
