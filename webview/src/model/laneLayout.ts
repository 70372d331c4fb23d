// Where each lane goes: a group per process (in the trace's order), under a heading when
// the trace holds several; in a group, the main isolate first, every isolate under its parent
// (in spawn order), then its children. Hidden lanes take no room.
import type { Lane } from './traceModel';
import type { TraceProcess } from './processes';

export const LANE_HEIGHT = 46;
/** A process's heading above its lanes (traces of several processes). */
export const HEADING_HEIGHT = 24;

export interface LaidOutLane {
  lane: Lane;
  /** Nesting depth under its process's main isolate (main is 0). */
  depth: number;
  /** Top of the lane in pixels, from the top of the lane area. */
  y: number;
}

export interface LaidOutHeading {
  process: TraceProcess;
  y: number;
}

export interface LaneLayout {
  rows: LaidOutLane[];
  /** Row by lane index; undefined for hidden lanes. */
  rowOf: (LaidOutLane | undefined)[];
  headings: LaidOutHeading[];
  height: number;
}

/** Lays out `lanes`, skipping those `visible` rejects (their children still show, under the nearest shown ancestor). */
export function layOutLanes(lanes: readonly Lane[], visible: (lane: Lane) => boolean = () => true, laneHeight = LANE_HEIGHT): LaneLayout {
  const groups = new Map<TraceProcess, Lane[]>();
  for (const lane of lanes) {
    const group = groups.get(lane.process);
    if (group) group.push(lane);
    else groups.set(lane.process, [lane]);
  }
  const ordered = [...groups.entries()].sort((a, b) => a[0].index - b[0].index);
  const rows: LaidOutLane[] = [];
  const rowOf: (LaidOutLane | undefined)[] = new Array(lanes.length).fill(undefined);
  const headings: LaidOutHeading[] = [];
  let y = 0;
  for (const [process, group] of ordered) {
    const shown = orderInProcess(group, visible);
    if (shown.length === 0) continue;
    if (ordered.length > 1) {
      headings.push({ process, y });
      y += HEADING_HEIGHT;
    }
    for (const { lane, depth } of shown) {
      const row = { lane, depth, y };
      rows.push(row);
      rowOf[lane.index] = row;
      y += laneHeight;
    }
  }
  return { rows, rowOf, headings, height: y };
}

/** One process's shown lanes, in tree order, with their depth. */
function orderInProcess(lanes: readonly Lane[], visible: (lane: Lane) => boolean): { lane: Lane; depth: number }[] {
  const children = new Map<number | null, Lane[]>();
  const ids = new Set(lanes.map((l) => l.id));
  for (const lane of lanes) {
    // A parent never seen in the trace: the lane goes at the top level.
    const parent = lane.parent !== null && ids.has(lane.parent) && lane.parent !== lane.id ? lane.parent : null;
    const list = children.get(parent) ?? [];
    list.push(lane);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => (a.id === 0 ? -1 : b.id === 0 ? 1 : a.start - b.start || a.id - b.id));
  const out: { lane: Lane; depth: number }[] = [];
  const placed = new Set<number>();
  const visit = (lane: Lane, depth: number): void => {
    if (placed.has(lane.id)) return; // a cycle of parents in a damaged trace
    placed.add(lane.id);
    const shown = visible(lane);
    if (shown) out.push({ lane, depth });
    for (const child of children.get(lane.id) ?? []) visit(child, shown ? depth + 1 : depth);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  // Lanes only reachable through a cycle: still shown, at the end.
  for (const lane of lanes) if (!placed.has(lane.id)) visit(lane, 0);
  return out;
}
