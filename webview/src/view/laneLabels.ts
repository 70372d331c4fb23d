// The lane labels beside the plot: a button per shown lane, indented under its parent and
// marked when the isolate crashed; clicking one selects the lane.
import type { Lane } from '../model/traceModel';
import type { LaneLayout } from '../model/laneLayout';
import { clear, el } from './dom';

/** Puts a label in `container` for each row of `layout`. */
export function renderLaneLabels(container: HTMLElement, layout: LaneLayout, select: (lane: Lane) => void): void {
  clear(container);
  for (const row of layout.rows) {
    const lane = row.lane;
    const label = el('button', { class: `lane-label${lane.exit?.reason === 'error' ? ' crashed' : ''}`, style: `top:${row.y}px;padding-left:${8 + row.depth * 12}px`, title: `${lane.debugName} (isolate ${lane.id})`, 'data-isolate': String(lane.id) },
      el('span', { class: 'name' }, lane.debugName), ' ', el('span', { class: 'muted' }, `#${lane.id}`));
    label.addEventListener('click', () => select(lane));
    container.append(label);
  }
}
