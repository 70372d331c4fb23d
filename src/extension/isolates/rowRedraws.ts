// Which rows of the Isolates view to draw again after the model changed: those whose look
// (rowLook.ts: name, state, findings, menus; no figure) changed. Drawn again, a row loses its
// open context menu and the pointer's hover, and with it a click on its inline Kill: so a row
// whose figures alone changed (a stuck isolate's heap is sampled all the time) stays as drawn.
import type { IsolateRow } from '../../protocol/isolateTable';
import type { RowLook } from './rowLook';

export interface Redraw {
  /** The rows to draw again. */
  rows: IsolateRow[];
  /** Isolates came, or one learnt its parent: the whole tree must be drawn again. */
  reshaped: boolean;
  /** Rows drawn before as leaves that now have children (VS Code keeps them collapsed). */
  opened: IsolateRow[];
}

export class RowRedraws {
  /** What each row showed when last drawn (its parent and look). */
  private shown = new Map<string, string>();

  /** Forgets what was drawn (another session or file is shown). */
  reset(): void {
    this.shown = new Map();
  }

  /** The rows whose look changed since the last call. */
  next(rows: readonly IsolateRow[], lookOf: (row: IsolateRow) => RowLook): Redraw {
    const before = this.shown;
    this.shown = new Map();
    const changed: IsolateRow[] = [];
    const opened: IsolateRow[] = [];
    let reshaped = false;
    for (const row of rows) {
      const key = `${row.pid}:${row.id}`;
      const look = lookOf(row);
      const drawing = JSON.stringify([row.parent, look]);
      const old = before.get(key);
      this.shown.set(key, drawing);
      if (old === drawing) continue;
      changed.push(row);
      if (old === undefined) {
        reshaped = true; // (rows VS Code never saw cannot be refreshed one by one)
        continue;
      }
      const [parent, was] = JSON.parse(old) as [IsolateRow['parent'], RowLook];
      if (parent !== row.parent) reshaped = true;
      if (look.parent && !was.parent) opened.push(row);
    }
    return { rows: changed, reshaped: reshaped || this.shown.size !== before.size, opened };
  }
}
