// The pointer and keys on the plot that are not time (d3-zoom in timeControls.ts has wheel,
// drag and +/−/←/→): hovering shows a tooltip, clicking selects what is there (or zooms to a
// finding whose flag it is), Escape clears the selection, shift+wheel and ↑/↓ scroll the lanes.
import type { TraceModel } from '../model/traceModel';
import { LANE_HEIGHT } from '../model/laneLayout';
import type { Selection } from '../model/selection';
import type { AppDom } from './appDom';
import type { TimelineCanvas } from './timelineCanvas';
import type { Hit } from './hitTest';
import { showHover } from './tooltip';
import type { PlacedFinding } from '../model/findingPlaces';

/** What a click or a key on the plot acts on. */
export interface PlotInputHost {
  readonly model: TraceModel;
  select(selection: Selection | undefined): void;
  /** Zooms to a finding and selects what proves it. */
  chooseFinding(placed: PlacedFinding): void;
}

/** Listens to the plot for as long as the page lives. */
export function listenToPlot(dom: AppDom, canvas: TimelineCanvas, host: PlotInputHost): void {
  const hitAt = (event: MouseEvent): Hit | undefined => {
    const box = dom.plot.getBoundingClientRect();
    return canvas.hitTest(event.clientX - box.left, event.clientY - dom.scroller.getBoundingClientRect().top);
  };
  dom.plot.addEventListener('wheel', (event) => {
    if (event.shiftKey) dom.scroller.scrollTop += event.deltaY || event.deltaX;
  });
  dom.plot.addEventListener('mousemove', (event) => showHover(dom, hitAt(event), host.model, event));
  dom.plot.addEventListener('mouseleave', () => (dom.tooltip.hidden = true));
  dom.plot.addEventListener('click', (event) => {
    const hit = hitAt(event);
    if (!hit) return host.select(undefined);
    if (hit.kind === 'finding') host.chooseFinding(hit.placed);
    else if (hit.kind === 'bundle') host.select(hit.bundle.count === 1 ? { kind: 'message', row: hit.bundle.row } : { kind: 'bundle', bundle: hit.bundle });
    else host.select({ kind: 'lane', lane: hit.lane });
  });
  dom.plot.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') host.select(undefined);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      dom.scroller.scrollTop += (event.key === 'ArrowDown' ? 1 : -1) * LANE_HEIGHT;
    }
  });
}
