// The view the timeline keeps across a reload: what it saves, how often, and what it accepts
// back from a store.
import assert from 'node:assert/strict';
import { ViewMemory, type SavedView } from '../../../webview/src/viewMemory';

describe('timeline view kept across a reload', () => {
  const view = (name: string, t0: number): SavedView => ({ name, view: [t0, t0 + 100], follow: false, selection: { kind: 'lane', pid: 5, isolate: 1 } });

  it('saves the last of quick changes once, and nothing without a store', async () => {
    const saved: unknown[] = [];
    const memory = new ViewMemory({ getState: () => undefined, setState: (s) => saved.push(s) });
    for (let i = 0; i < 10; i++) memory.save(view('a', i));
    assert.deepEqual(saved, []);
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.deepEqual(saved, [view('a', 9)]);
    new ViewMemory(undefined).save(view('a', 1));
  });

  it('gives back what an earlier page saved, for that trace only, until dropped; ignores a state it does not know', () => {
    const memory = new ViewMemory({ getState: () => view('a', 5), setState: () => undefined });
    assert.equal(memory.waiting('b'), undefined);
    assert.deepEqual(memory.waiting('a'), view('a', 5));
    assert.equal(memory.rangeShown, false);
    memory.showedRange();
    assert.equal(memory.rangeShown, true);
    memory.drop();
    assert.equal(memory.waiting('a'), undefined);
    for (const state of [undefined, 'x', { name: 'a' }, { name: 'a', view: [5, 1] }, { name: 'a', view: [0, Infinity] }, { name: 'a', view: [0, 'x'] }]) {
      assert.equal(new ViewMemory({ getState: () => state, setState: () => undefined }).waiting('a'), undefined, JSON.stringify(state));
    }
    const odd = new ViewMemory({ getState: () => ({ name: 'a', view: [0, 10], follow: 'yes', selection: { kind: 'bundle' } }), setState: () => undefined });
    assert.deepEqual(odd.waiting('a'), { name: 'a', view: [0, 10], follow: false, selection: undefined });
  });
});
