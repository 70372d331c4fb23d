// Which rows of the Isolates view to draw again after the model changed. A redrawn row loses
// the pointer's hover, and with it a click on its inline Kill: so only rows whose drawing
// changed are drawn again, and a row whose only change is a figure (heap, message counts) at
// most every FIGURES_MS; a change of state, icon or words is drawn at once. (A stuck
// isolate's heap is sampled by its parent every interval: its row would change all the time.)
import type * as vscode from 'vscode';
import type { IsolateRow } from '../../protocol/isolateTable';

const FIGURES_MS = 2_000;

export interface Redraw {
  /** The rows to draw again. */
  rows: IsolateRow[];
  /** Isolates came, or one learnt its parent: the whole tree must be drawn again. */
  reshaped: boolean;
}

export class RowRedraws {
  /** What each row showed when last drawn, and when that was (ms). */
  private shown = new Map<string, string>();
  private drawnAt = new Map<string, number>();
  /** Some row's new figures wait to be drawn: ask again soon. */
  waiting = false;

  /** Forgets what was drawn (another session or file is shown). */
  reset(): void {
    this.shown = new Map();
    this.drawnAt = new Map();
    this.waiting = false;
  }

  /** The rows of this model's drawing that must be drawn again now. */
  next(rows: readonly IsolateRow[], itemOf: (row: IsolateRow) => vscode.TreeItem, now: number): Redraw {
    const before = this.shown;
    this.shown = new Map();
    this.waiting = false;
    const changed: IsolateRow[] = [];
    for (const row of rows) {
      const key = `${row.pid}:${row.id}`;
      const text = drawingOf(itemOf(row), row);
      const old = before.get(key);
      if (old !== undefined && old !== text && onlyFiguresDiffer(old, text) && now - (this.drawnAt.get(key) ?? 0) < FIGURES_MS) {
        // Drawn as it was for now; a later pass draws the new figures.
        this.shown.set(key, old);
        this.waiting = true;
        continue;
      }
      this.shown.set(key, text);
      if (old !== text) {
        changed.push(row);
        this.drawnAt.set(key, now);
      }
    }
    // Rows VS Code never saw cannot be refreshed one by one.
    const reshaped = this.shown.size !== before.size || changed.some((row) => before.has(`${row.pid}:${row.id}`) && parentOf(before.get(`${row.pid}:${row.id}`)!) !== row.parent);
    return { rows: changed, reshaped };
  }
}

function drawingOf(item: vscode.TreeItem, row: IsolateRow): string {
  return JSON.stringify([row.parent, item.label, item.description, (item.iconPath as vscode.ThemeIcon).id, item.contextValue, item.collapsibleState, item.tooltip]);
}

/** Whether two drawings of a row differ only in their figures (not in state, icon or words). */
function onlyFiguresDiffer(a: string, b: string): boolean {
  const words = (text: string): string => text.replace(/\d[\d.,]*/g, '#');
  return words(a) === words(b);
}

function parentOf(drawing: string): IsolateRow['parent'] {
  return (JSON.parse(drawing) as [IsolateRow['parent']])[0];
}
