// The Isolates view's redraws (src/extension/isolates/rowRedraws.ts, rowLook.ts): a live
// session's rows are drawn again only when what they show changes (state, name, parent), never
// for their figures alone (heap samples, message counts): a redrawn row closes its open context
// menu and can lose a click on its inline Kill. The figures are in the tooltip.
import assert from 'node:assert/strict';
import { createSessionModel } from '../../../src/extension/isolates/sessionModel';
import { RowRedraws } from '../../../src/extension/isolates/rowRedraws';
import { rowLook, rowTooltip, type RowPlace } from '../../../src/extension/isolates/rowLook';
import type { IsolateRow } from '../../../src/protocol/isolateTable';
import type { SessionModel } from '../../../src/extension/isolates/sessionModel';
import type { Finding } from '../../../src/protocol/findings/findingTypes';
import { formatBytes } from '../../../src/protocol/byteSize';
import { syntheticTrace } from '../../../bench/syntheticTrace.mjs';

const placeIn = (model: SessionModel) => (row: IsolateRow): RowPlace => ({ several: model.table.processCount > 1, live: true, parent: model.table.children(row).length > 0 });
const figures = (row: IsolateRow): string => `${row.heapUsed} ${row.received} ${row.sent}`;

describe('extension: the Isolates view\'s row redraws', () => {
  it('draws a live session\'s row again when its state changes, not when only its heap or message counts do', () => {
    const lines = syntheticTrace({ isolates: 6, messages: 3_000, seed: 11 }).split('\n').filter(Boolean);
    const model = createSessionModel({ live: true });
    const place = placeIn(model);
    /** What a row shows besides its figures. */
    const shown = (row: IsolateRow): string => `${row.state} ${row.debugName} under ${row.parent}, ${model.table.children(row).length > 0 ? 'a parent' : 'no children'}`;
    const redraws = new RowRedraws();
    const before = new Map<string, { shown: string; figures: string }>();
    let figuresOnly = 0;
    let redrawnStates = 0;
    // As the view reads a live session: a few lines at a time, then which rows to draw again.
    for (let at = 0; at < lines.length; at += 25) {
      model.text(4242, new TextEncoder().encode(lines.slice(at, at + 25).join('\n') + '\n'));
      const rows = model.table.list();
      const redraw = redraws.next(rows, (row) => rowLook(row, place(row)));
      const redrawn = new Set(redraw.rows.map((row) => `${row.pid}:${row.id}`));
      for (const row of rows) {
        const key = `${row.pid}:${row.id}`;
        const old = before.get(key);
        before.set(key, { shown: shown(row), figures: figures(row) }); // (the table's rows change in place)
        if (!old) {
          assert.ok(redrawn.has(key) && redraw.reshaped, `a new row (${row.debugName}) reshapes the tree`);
        } else if (old.shown !== shown(row)) {
          assert.ok(redrawn.has(key), `${row.debugName} went from ${old.shown} to ${shown(row)}: drawn again`);
          redrawnStates++;
        } else {
          assert.ok(!redrawn.has(key), `${row.debugName}: only its figures changed (${old.figures} to ${figures(row)}), yet it is drawn again`);
          if (old.figures !== figures(row)) figuresOnly++;
        }
      }
    }
    assert.ok(figuresOnly > 100, `the trace changes rows' figures alone (${figuresOnly} times)`);
    assert.ok(redrawnStates >= 6, `and their states (${redrawnStates} times)`);
    assert.deepEqual(redraws.next(model.table.list(), (row) => rowLook(row, place(row))), { rows: [], reshaped: false, opened: [] }, 'nothing changed: nothing drawn');
  });

  it('says which rows drawn as leaves got their first child (VS Code would keep them collapsed)', () => {
    const model = createSessionModel({ live: true });
    const place = placeIn(model);
    const redraws = new RowRedraws();
    const lines = (...text: string[]): void => model.text(4242, new TextEncoder().encode(text.join('\n') + '\n'));
    lines('{"format":"isotrace","version":2,"clock":"us","pid":1,"argv":["node","a.js"],"startTime":"2026-01-01T00:00:00.000Z","node":"v20"}', '{"type":"running","t":500,"isolate":0}');
    assert.deepEqual(redraws.next(model.table.list(), (row) => rowLook(row, place(row))).opened, [], 'main, a leaf');
    lines('{"type":"spawn","t":900,"isolate":1,"parent":0,"debugName":"w","kind":"function","entry":"() => {}"}');
    const redraw = redraws.next(model.table.list(), (row) => rowLook(row, place(row)));
    assert.equal(redraw.reshaped, true);
    assert.deepEqual(redraw.opened.map((row) => row.id), [0], 'main has a child now');
    lines('{"type":"spawn","t":950,"isolate":2,"parent":0,"debugName":"v","kind":"function","entry":"() => {}"}');
    assert.deepEqual(redraws.next(model.table.list(), (row) => rowLook(row, place(row))).opened, [], 'a second child opens nothing');
  });

  it('a worker killed as it waited for work (a pool shutting down) reads as an ordinary end', () => {
    const model = createSessionModel({ live: false });
    const lines = ['{"format":"isotrace","version":2,"clock":"us","pid":1,"argv":["node","a.js"],"startTime":"2026-01-01T00:00:00.000Z","node":"v20"}'];
    for (const id of [1, 2]) lines.push(`{"type":"spawn","t":${id * 10},"isolate":${id},"parent":0,"debugName":"worker ${id}","kind":"worker","entry":"pool.js"}`, `{"type":"running","t":${id * 10 + 5},"isolate":${id}}`);
    lines.push('{"type":"kill","t":900,"isolate":1,"by":0,"priority":"immediate","idle":true}', '{"type":"kill","t":900,"isolate":2,"by":0,"priority":"immediate"}');
    lines.push('{"type":"exit","t":910,"isolate":1,"reason":"killed"}', '{"type":"exit","t":910,"isolate":2,"reason":"killed"}');
    model.text(4242, new TextEncoder().encode(lines.join('\n') + '\n'));
    const [idle, cut] = [1, 2].map((id) => model.table.list().find((r) => r.id === id)!);
    const place: RowPlace = { several: false, live: false, parent: false };
    assert.deepEqual([rowLook(idle!, place).description, rowLook(idle!, place).icon, rowLook(idle!, place).iconColor], ['killed idle', 'close', undefined]);
    assert.deepEqual([rowLook(cut!, place).description, rowLook(cut!, place).iconColor], ['killed', 'errorForeground']);
    assert.match(rowTooltip(idle!, false, [], undefined), /killed while it waited for work/);
  });

  it('shows a row\'s state; its tooltip has the figures of the moment and the findings', () => {
    const model = createSessionModel({ live: true });
    model.text(4242, new TextEncoder().encode(syntheticTrace({ isolates: 2, messages: 200, seed: 5 })));
    const row = model.table.list().find((r) => r.id !== 0 && r.received > 0 && r.heapUsed !== undefined)!;
    const finding = { rule: 'mostly-waiting', severity: 'info', message: 'it waits', isolate: row.id } as Finding;
    assert.equal(rowLook(row, placeIn(model)(row)).description, row.state, 'no figure in the row');
    const tooltip = rowTooltip(row, false, [finding], new Date(2026, 0, 1, 12, 34, 56));
    assert.ok(tooltip.includes(`heap used ${formatBytes(row.heapUsed!)}`), tooltip);
    assert.ok(tooltip.includes(`messages received ${row.received}, sent ${row.sent}`), tooltip);
    assert.match(tooltip, /as of 12:34:56/);
    assert.match(tooltip, /info mostly-waiting: it waits/);
  });
});
