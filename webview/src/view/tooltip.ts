// The tooltip: what is under the pointer, in words, next to it. Arrows, exit markers and
// findings' flags open details (or zoom to the finding) when clicked, so over them the pointer says so.
import type { TraceModel } from '../model/traceModel';
import { heapAt } from '../model/heapColumns';
import { formatBytes, formatCount, formatMicros } from '../format';
import { describePause } from '../model/debugPauses';
import type { AppDom } from './appDom';
import type { Hit } from './hitTest';
import { describeFinding } from './findingText';

/** Shows what `hit` is beside the pointer, or hides the tooltip where there is nothing to say. */
export function showHover(dom: Pick<AppDom, 'app' | 'plot' | 'tooltip'>, hit: Hit | undefined, model: TraceModel, event: MouseEvent): void {
  const tip = dom.tooltip;
  const text = hit ? describeHit(hit, model) : undefined;
  if (!text) {
    tip.hidden = true;
    dom.plot.style.cursor = '';
    return;
  }
  dom.plot.style.cursor = hit!.kind === 'bundle' || hit!.kind === 'exit' || hit!.kind === 'finding' ? 'pointer' : '';
  tip.textContent = text;
  tip.hidden = false;
  const box = dom.app.getBoundingClientRect();
  const x = event.clientX - box.left + 14;
  tip.style.left = `${Math.min(x, box.width - tip.offsetWidth - 4)}px`;
  tip.style.top = `${event.clientY - box.top + 14}px`;
}

/** What `hit` is, in words: a message or bundle, an exit, a heap sample, a lane at a time. */
export function describeHit(hit: Hit, model: TraceModel): string | undefined {
  switch (hit.kind) {
    case 'bundle': {
      const b = hit.bundle;
      const from = model.lanes[b.fromLane]!.debugName;
      const to = model.lanes[b.toLane]!.debugName;
      if (b.count > 1) return `${formatCount(b.count)} messages ${from} → ${to}\n${formatBytes(b.bytes)} in all, ${b.transfers} transferred\nlongest queue latency ${formatMicros(b.maxLatency)}`;
      const send = model.messages.sends[b.row];
      const port = send?.port ? `\nport ${send.port}` : '';
      return `message ${from} → ${to}\n${formatBytes(b.bytes / b.count)} ${b.transfers > 0 ? 'transferred' : 'copied'}${port}\nqueue latency ${formatMicros(b.recvT - b.sendT)}`;
    }
    case 'exit': {
      const exit = hit.lane.exit!;
      const how = exit.reason === 'error' ? `crashed: ${exit.error?.message ?? 'uncaught error'}` : exit.reason === 'killed' && hit.lane.kill?.idle ? 'killed while it waited for work' : exit.reason;
      return `${hit.lane.debugName} ${how} at ${formatMicros(exit.t)}${exit.reason === 'error' ? '\n(click for the stack)' : ''}`;
    }
    case 'finding':
      return `${describeFinding(hit.placed)}\n(click to zoom to it)`;
    case 'heap': {
      const sample = heapAt(hit.lane, hit.t);
      return sample ? `${hit.lane.debugName} heap ${formatBytes(sample.used)} used of ${formatBytes(sample.total)} at ${formatMicros(sample.t)}\nevent loop ${Math.round(sample.elu * 100)}% busy` : undefined;
    }
    case 'debugPause': {
      const { from, to, reason } = hit.span;
      const until = to === undefined ? 'still paused' : `to ${formatMicros(to)} (${formatMicros(to - from)})`;
      return `${hit.lane.debugName} #${hit.lane.id} ${describePause(reason)}\nfrom ${formatMicros(from)}, ${until}`;
    }
    case 'lane':
      return `${hit.lane.debugName} #${hit.lane.id} at ${formatMicros(hit.t)}`;
  }
}
