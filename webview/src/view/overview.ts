// The overview strip: how many messages were sent in each pixel column of the whole trace,
// under the brush that picks the visible range.
import type { TraceModel } from '../model/traceModel';
import type { Theme } from './theme';

let drawnFor: { model: TraceModel; version: number; width: number; extent: string; theme: Theme } | undefined;

/** Draws messages sent per pixel column over the whole trace (`extent`), unless nothing changed since the last time. */
export function drawOverview(canvas: HTMLCanvasElement, model: TraceModel, extent: [number, number], width: number, theme: Theme): void {
  const key = extent.join();
  if (drawnFor && drawnFor.model === model && drawnFor.version === model.version && drawnFor.width === width && drawnFor.extent === key && drawnFor.theme === theme) return;
  drawnFor = { model, version: model.version, width, extent: key, theme };
  const height = canvas.clientHeight || 40;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const g = canvas.getContext('2d')!;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.fillStyle = theme.background;
  g.fillRect(0, 0, width, height);
  const columns = new Float64Array(Math.max(1, Math.ceil(width)));
  const { count, sendT } = model.messages;
  const span = extent[1] - extent[0] || 1;
  for (let row = 0; row < count; row++) {
    const t = sendT[row]!;
    if (Number.isNaN(t)) continue;
    const c = Math.min(columns.length - 1, Math.max(0, Math.floor(((t - extent[0]) / span) * width)));
    columns[c]!++;
  }
  let peak = 0;
  for (const c of columns) if (c > peak) peak = c;
  // Lifetimes as thin lines, so a trace without messages still shows something.
  g.fillStyle = theme.starting;
  model.lanes.forEach((lane, i) => {
    const x0 = ((model.laneStart(lane) - extent[0]) / span) * width;
    const x1 = ((model.laneEnd(lane) - extent[0]) / span) * width;
    g.fillRect(x0, height - 2 - (i % 8) * 2, Math.max(1, x1 - x0), 1);
  });
  if (peak === 0) return;
  g.fillStyle = theme.message;
  // Square root, so a few busy columns do not flatten the rest.
  for (let x = 0; x < columns.length; x++) {
    const h = Math.sqrt(columns[x]! / peak) * (height - 4);
    if (h > 0) g.fillRect(x, height - h, 1, h);
  }
}
