// The legend under the lanes: what each mark means, as DOM text with swatches coloured by
// the same theme variables the canvas reads, and the keys that move the view.
import { el } from './dom';

/** The legend's footer element. */
export function legend(): HTMLElement {
  const swatch = (name: string, cls: string) => el('span', { class: 'legend-item' }, el('span', { class: `swatch ${cls}` }), name);
  return el('footer', { class: 'legend', 'aria-label': 'Legend' },
    swatch('starting', 'starting'), swatch('idle', 'idle'), swatch('busy', 'busy'), swatch('paused', 'paused'), swatch('debugger paused', 'debug-paused'), swatch('heap used', 'heap'),
    swatch('message (copied)', 'message'), swatch('message (transferred)', 'transfer'),
    swatch('returned', 'returned'), swatch('exit()', 'exited'), swatch('killed', 'killed'), swatch('killed waiting for work', 'killed-idle'), swatch('crashed', 'crashed'), swatch('finding', 'finding-flag'),
    el('span', { class: 'muted' }, 'wheel or +/− zoom · drag or ←/→ pan · 0 fit all · shift+wheel or ↑/↓ scroll lanes'));
}
