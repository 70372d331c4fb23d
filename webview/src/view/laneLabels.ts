// The lane labels beside the plot: a button per shown lane, indented under its parent and
// marked when the isolate crashed (clicking one selects the lane), and, in a trace of several
// processes, each process's heading: its pid and command.
import type { Lane } from '../model/traceModel';
import type { LaneLayout } from '../model/laneLayout';
import { commandOf, processTitle } from '../../../src/protocol/processTitle';
import { clear, el } from './dom';

/** Puts a label in `container` for each row and heading of `layout`. */
export function renderLaneLabels(container: HTMLElement, layout: LaneLayout, select: (lane: Lane) => void): void {
  clear(container);
  for (const heading of layout.headings) {
    // The column is narrow: its pid and command; who started it is in the tooltip.
    const { process } = heading;
    container.append(el('div', { class: 'process-heading', style: `top:${heading.y}px`, title: processTitle(process), 'data-pid': String(process.pid ?? '') }, `pid ${process.pid ?? '?'}`, ' ', el('span', { class: 'muted' }, commandOf(process))));
  }
  layout.rows.forEach((row, i) => {
    const lane = row.lane;
    const label = el('button', { class: `lane-label${i % 2 === 1 ? ' stripe' : ''}${lane.exit?.reason === 'error' ? ' crashed' : ''}`, style: `top:${row.y}px;padding-left:${8 + row.depth * 12}px`, title: `${lane.debugName} (isolate ${lane.id}${lane.process.pid !== undefined ? ` of process ${lane.process.pid}` : ''})`, 'data-isolate': String(lane.id) },
      el('span', { class: 'name' }, lane.debugName), ' ', el('span', { class: 'muted' }, `#${lane.id}`));
    label.addEventListener('click', () => select(lane));
    container.append(label);
  });
}
