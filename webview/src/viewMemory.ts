// The view kept across a reload of the page. VS Code drops a webview's page when its tab is
// hidden or reloaded, and the host then sends the trace again; the page saves what the user
// was looking at (the visible time range, following live or not, the selection) with the
// host's setState as it changes, at most every 300 ms, and the next page of the same trace
// puts it back once the trace it is sent reaches the saved range, and the selection once its
// lane or message has come. Outside VS Code there is no store, and nothing is kept.
import type { TraceModel } from './model/traceModel';
import type { Selection } from './model/selection';

/** The host's state store (VS Code's webview API: getState/setState). */
export interface StateStore {
  getState(): unknown;
  setState(state: unknown): void;
}

/** A selection that outlives the page: by what it is, not by model indexes. */
export type SavedSelection = { kind: 'lane'; pid: number | undefined; isolate: number } | { kind: 'message'; channel: number; seq: number };

/** What is saved: for the trace `name`. */
export interface SavedView {
  name: string;
  /** The visible range (µs). */
  view: [number, number];
  follow: boolean;
  selection: SavedSelection | undefined;
}

const SAVE_EVERY_MS = 300;

export class ViewMemory {
  /** Saved by an earlier page, until put back or dropped. */
  private waitingView: SavedView | undefined;
  /** Its range is shown again (its selection may still wait for its lane or message). */
  private rangePutBack = false;
  private latest: SavedView | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly store: StateStore | undefined) {
    this.waitingView = asSavedView(store?.getState());
  }

  /** The view saved for trace `name` that waits to be put back, if any. */
  waiting(name: string): SavedView | undefined {
    return this.waitingView?.name === name ? this.waitingView : undefined;
  }

  /** True once the waiting view's range is shown again. */
  get rangeShown(): boolean {
    return this.rangePutBack;
  }

  /** The waiting view's range is shown again. */
  showedRange(): void {
    this.rangePutBack = true;
  }

  /** Nothing to put back any more (it was, or the user moved on). */
  drop(): void {
    this.waitingView = undefined;
    this.rangePutBack = false;
  }

  /** Saves `view` soon: the last of several changes within SAVE_EVERY_MS. */
  save(view: SavedView): void {
    if (this.store === undefined) return;
    this.latest = view;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.store!.setState(this.latest);
    }, SAVE_EVERY_MS);
  }
}

/** `value` if it is a saved view (a store may hold anything, from an older page too). */
function asSavedView(value: unknown): SavedView | undefined {
  const v = value as Partial<SavedView> | undefined;
  const fine = typeof v === 'object' && v !== null && typeof v.name === 'string' && Array.isArray(v.view) && v.view.length === 2 && v.view.every((t) => typeof t === 'number' && Number.isFinite(t)) && v.view[0]! < v.view[1]!;
  return fine ? { name: v.name!, view: [v.view![0]!, v.view![1]!], follow: v.follow === true, selection: asSelection(v.selection) } : undefined;
}

function asSelection(value: unknown): SavedSelection | undefined {
  const s = value as Record<string, unknown> | undefined;
  if (typeof s !== 'object' || s === null) return undefined;
  if (s['kind'] === 'lane' && typeof s['isolate'] === 'number') return { kind: 'lane', pid: typeof s['pid'] === 'number' ? s['pid'] : undefined, isolate: s['isolate'] };
  if (s['kind'] === 'message' && typeof s['channel'] === 'number' && typeof s['seq'] === 'number') return { kind: 'message', channel: s['channel'], seq: s['seq'] };
  return undefined;
}

/** `selection` as saved (a bundle of many messages is not: the next page's bundles differ). */
export function savedSelection(selection: Selection | undefined, model: TraceModel): SavedSelection | undefined {
  if (selection?.kind === 'lane') return { kind: 'lane', pid: selection.lane.process.pid, isolate: selection.lane.id };
  const send = selection?.kind === 'message' ? (model.messages.sends[selection.row] ?? model.messages.receives[selection.row]) : undefined;
  return send ? { kind: 'message', channel: send.channel, seq: send.seq } : undefined;
}

/** The selection `saved` names in `model`, if it has it yet. */
export function selectionOf(saved: SavedSelection | undefined, model: TraceModel): Selection | undefined {
  if (saved?.kind === 'lane') {
    const process = model.processes.list.find((p) => p.pid === saved.pid);
    const lane = process && model.laneById(saved.isolate, process);
    return lane ? { kind: 'lane', lane } : undefined;
  }
  const row = saved ? model.messages.row(saved.channel, saved.seq) : undefined;
  return row === undefined ? undefined : { kind: 'message', row };
}
