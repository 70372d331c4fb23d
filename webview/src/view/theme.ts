// Colours for what is drawn on canvas, read from CSS custom properties: in VS Code they
// follow the editor's theme (light, dark, high contrast); in a browser, style.css defaults.
// A property holds whatever CSS colour style.css puts there (color-mix() of VS Code's, say),
// so each is resolved to plain rgb()/rgba(), which the canvas and d3's colour interpolation
// both read: by d3 where it can parse it, else by painting it.
import { color } from 'd3';
export interface Theme {
  background: string;
  foreground: string;
  muted: string;
  grid: string;
  /** A process's heading, above its lanes. */
  heading: string;
  /** Every other lane's background. */
  stripe: string;
  starting: string;
  idle: string;
  busy: string;
  paused: string;
  debugPaused: string;
  heap: string;
  heapLine: string;
  message: string;
  transfer: string;
  returned: string;
  killed: string;
  crashed: string;
  /** Findings' severities (an error's is `crashed`). */
  warning: string;
  info: string;
  selection: string;
  font: string;
}

const NAMES: Record<Exclude<keyof Theme, 'font'>, string> = {
  background: '--iso-background',
  foreground: '--iso-foreground',
  muted: '--iso-muted',
  grid: '--iso-grid',
  heading: '--iso-heading',
  stripe: '--iso-stripe',
  starting: '--iso-starting',
  idle: '--iso-idle',
  busy: '--iso-busy',
  paused: '--iso-paused',
  debugPaused: '--iso-debug-paused',
  heap: '--iso-heap',
  heapLine: '--iso-heap-line',
  message: '--iso-message',
  transfer: '--iso-transfer',
  returned: '--iso-returned',
  killed: '--iso-killed',
  crashed: '--iso-crashed',
  warning: '--iso-warning',
  info: '--iso-info',
  selection: '--iso-selection',
};

/** The colours and font the canvas draws with, as the CSS variables on `element` say now. */
export function readTheme(element: Element): Theme {
  const style = getComputedStyle(element);
  const theme = { font: `11px ${style.getPropertyValue('--iso-font').trim() || 'sans-serif'}` } as Theme;
  const probe = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  for (const [key, name] of Object.entries(NAMES)) theme[key as keyof typeof NAMES] = resolveColour(probe, style.getPropertyValue(name).trim());
  return theme;
}

/** `colour` as rgb()/rgba(), parsed or painted on `probe`; grey where it is missing or no colour. */
function resolveColour(probe: CanvasRenderingContext2D | null, colour: string): string {
  const parsed = colour ? color(colour) : null;
  if (parsed) return parsed.formatRgb();
  if (probe === null) return colour || '#888';
  probe.clearRect(0, 0, 1, 1);
  probe.fillStyle = '#888';
  // (An unknown colour is ignored: the grey stays.)
  if (colour) probe.fillStyle = colour;
  probe.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = probe.getImageData(0, 0, 1, 1).data;
  return a === 255 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${Math.round((a! / 255) * 1000) / 1000})`;
}
