// Colours for what is drawn on canvas, read from CSS custom properties: in VS Code they
// follow the editor's theme (light, dark, high contrast); in a browser, style.css defaults.
export interface Theme {
  background: string;
  foreground: string;
  muted: string;
  grid: string;
  starting: string;
  idle: string;
  busy: string;
  paused: string;
  heap: string;
  heapLine: string;
  message: string;
  transfer: string;
  returned: string;
  killed: string;
  crashed: string;
  selection: string;
  font: string;
}

const NAMES: Record<Exclude<keyof Theme, 'font'>, string> = {
  background: '--iso-background',
  foreground: '--iso-foreground',
  muted: '--iso-muted',
  grid: '--iso-grid',
  starting: '--iso-starting',
  idle: '--iso-idle',
  busy: '--iso-busy',
  paused: '--iso-paused',
  heap: '--iso-heap',
  heapLine: '--iso-heap-line',
  message: '--iso-message',
  transfer: '--iso-transfer',
  returned: '--iso-returned',
  killed: '--iso-killed',
  crashed: '--iso-crashed',
  selection: '--iso-selection',
};

/** The colours and font the canvas draws with, as the CSS variables on `element` say now. */
export function readTheme(element: Element): Theme {
  const style = getComputedStyle(element);
  const theme = { font: `11px ${style.getPropertyValue('--iso-font').trim() || 'sans-serif'}` } as Theme;
  for (const [key, name] of Object.entries(NAMES)) theme[key as keyof typeof NAMES] = style.getPropertyValue(name).trim() || '#888';
  return theme;
}
