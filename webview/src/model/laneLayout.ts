// Where each lane goes: the main isolate first, every isolate under its parent (in spawn
// order), then its children; hidden lanes take no room.
import type { Lane } from './traceModel';

export const LANE_HEIGHT = 46;

export interface LaidOutLane {
  lane: Lane;
  /** Nesting depth under the main isolate (main is 0). */
  depth: number;
  /** Top of the lane in pixels, from the top of the lane area. */
  y: number;
}

export interface LaneLayout {
  rows: LaidOutLane[];
  /** Row by lane index; undefined for hidden lanes. */
  rowOf: (LaidOutLane | undefined)[];
  height: number;
}

/** Lays out `lanes`, skipping those `visible` rejects (their children still show, under the nearest shown ancestor). */
export function layOutLanes(lanes: readonly Lane[], visible: (lane: Lane) => boolean = () => true, laneHeight = LANE_HEIGHT): LaneLayout {
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
  const rows: LaidOutLane[] = [];
  const rowOf: (LaidOutLane | undefined)[] = new Array(lanes.length).fill(undefined);
  const placed = new Set<number>();
  const visit = (lane: Lane, depth: number): void => {
    if (placed.has(lane.id)) return; // a cycle of parents in a damaged trace
    placed.add(lane.id);
    const shown = visible(lane);
    if (shown) {
      const row = { lane, depth, y: rows.length * laneHeight };
      rows.push(row);
      rowOf[lane.index] = row;
    }
    for (const child of children.get(lane.id) ?? []) visit(child, shown ? depth + 1 : depth);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  // Lanes only reachable through a cycle: still shown, at the end.
  for (const lane of lanes) if (!placed.has(lane.id)) visit(lane, 0);
  return { rows, rowOf, height: rows.length * laneHeight };
}
