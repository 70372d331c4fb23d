// The toolbar's title and counts line: isolates, messages and events, what the tracer
// dropped, how many flows a dense view draws, and whether a live session goes on.
import type { TraceModel } from '../model/traceModel';
import type { Thinned } from '../model/bundleCache';
import { formatCount } from '../format';
import type { AppDom } from './appDom';

/** What is shown: a trace's name, or a live session's and why it ended. */
export interface ShownTrace {
  name: string;
  live: boolean;
  liveEnded: string | undefined;
}

/** Writes the title and counts of `model`; `thinned` when the view draws only the busiest flows. */
export function renderHeader(dom: Pick<AppDom, 'counts' | 'title'>, model: TraceModel, shown: ShownTrace, thinned: Thinned | undefined): void {
  const { isolates, messages, events } = model.counts();
  const parts = [`${formatCount(isolates)} isolates · ${formatCount(messages)} messages · ${formatCount(events)} events`];
  if (model.dropped > 0) parts.push(`${formatCount(model.dropped)} dropped`);
  if (thinned) parts.push(`busiest ${formatCount(thinned.bundles)} of ${formatCount(thinned.ofBundles)} flows drawn (${Math.round((100 * thinned.messages) / thinned.ofMessages)}% of messages)`);
  dom.counts.title = thinned ? 'More message flows than can be drawn at this zoom: the busiest are. Zoom in to see every message.' : '';
  if (shown.live) parts.push(shown.liveEnded ? `live session ended: ${shown.liveEnded}` : 'live');
  dom.counts.textContent = parts.join(' · ');
  dom.title.textContent = shown.name;
}
