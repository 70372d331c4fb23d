// The app's elements, made once: the toolbar, the overview strip and the axis, the lane
// labels beside the plot, and the details, findings, stats, state and tooltip panels. Each part is
// handed the elements it draws into from here.
import { el } from './dom';
import { legend } from './legend';

/** Every element of the app that something draws into or listens to, by role. */
export type AppDom = ReturnType<typeof buildDom>;

/** Makes the app's elements, not yet in the page (`app` is their root). */
export function buildDom() {
  const title = el('span', { class: 'title' });
  const counts = el('span', { class: 'counts', role: 'status' });
  const filters = el('div', { class: 'filters' });
  const heapScale = el('input', { type: 'checkbox', id: 'iso-heap-shared' });
  const follow = el('input', { type: 'checkbox', id: 'iso-follow' });
  const followLabel = el('label', { for: 'iso-follow', hidden: '' }, follow, ' follow live');
  const fit = el('button', { type: 'button', title: 'Show the whole trace (0)' }, 'Fit all');
  const statsToggle = el('button', { type: 'button', 'aria-pressed': 'false' }, 'Stats');
  const findingsToggle = el('button', { type: 'button', class: 'findings-toggle', 'aria-pressed': 'false', hidden: '' });
  const toolbar = el('header', { class: 'toolbar' }, title, counts, el('span', { class: 'spacer' }), filters, el('label', { for: 'iso-heap-shared', title: 'One heap scale for every lane, instead of one per lane' }, heapScale, ' shared heap scale'), followLabel, fit, findingsToggle, statsToggle);
  const problems = el('div', { class: 'problems', role: 'alert', hidden: '' });
  const overviewCanvas = el('canvas', { class: 'overview-canvas' });
  const overviewSvg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  overviewSvg.setAttribute('class', 'overview-brush');
  overviewSvg.setAttribute('aria-label', 'Overview of the whole trace: drag to choose a range');
  const overview = el('div', { class: 'overview' }, overviewCanvas, overviewSvg);
  const axis = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  axis.setAttribute('class', 'axis');
  const labels = el('div', { class: 'labels' });
  const canvas = el('canvas', { class: 'plot-canvas' });
  const spacer = el('div', { class: 'plot-spacer' });
  const plot = el('div', { class: 'plot', tabindex: '0', 'aria-label': 'Timeline: + and − zoom, arrows pan and scroll, 0 fits all, shift+wheel scrolls lanes' }, canvas, spacer);
  const scroller = el('div', { class: 'scroller' }, labels, plot);
  const state = el('div', { class: 'state', hidden: '' });
  const details = el('aside', { class: 'details', hidden: '', 'aria-label': 'Details' });
  const stats = el('section', { class: 'stats', hidden: '', 'aria-label': 'Stats' });
  const findings = el('section', { class: 'findings', hidden: '', 'aria-label': 'Findings' });
  const tooltip = el('div', { class: 'tooltip', role: 'tooltip', hidden: '' });
  const axisRow = el('div', { class: 'axis-row' }, el('div', { class: 'corner' }), el('div', { class: 'axis-box' }, overview, axis));
  const main = el('div', { class: 'main' }, el('div', { class: 'timeline' }, axisRow, scroller, state, legend()), details);
  const app = el('div', { class: 'isoscope' }, toolbar, problems, main, findings, stats, tooltip);
  return { app, title, counts, filters, heapScale, follow, followLabel, fit, statsToggle, findingsToggle, findings, problems, overviewCanvas, overviewSvg, axis, axisRow, labels, canvas, spacer, plot, scroller, state, details, stats, tooltip };
}
