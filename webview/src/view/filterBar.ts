// Filters and search: which isolates show, which kinds of marks (states, heap, messages), the
// smallest message size shown, and a search by debugName or port name.
import type { Lane, TraceModel } from '../model/traceModel';
import { clear, el } from './dom';

export interface Filters {
  hidden: Set<number>;
  kinds: { states: boolean; heap: boolean; messages: boolean };
  minBytes: number;
  search: string;
}

const SIZES: [string, number][] = [['any size', 0], ['≥ 100 B', 100], ['≥ 1 KB', 1024], ['≥ 64 KB', 65536], ['≥ 1 MB', 1 << 20]];

export class FilterBar {
  readonly filters: Filters = { hidden: new Set(), kinds: { states: true, heap: true, messages: true }, minBytes: 0, search: '' };
  private readonly isolateList = el('fieldset', { class: 'isolate-list' });
  private listed: TraceModel | undefined;
  private listedVersion = -1;

  constructor(container: HTMLElement, private readonly changed: () => void) {
    const search = el('input', { type: 'search', placeholder: 'Search isolates or ports', 'aria-label': 'Search by debugName or port name' });
    search.addEventListener('input', () => {
      this.filters.search = search.value;
      changed();
    });
    const kinds = el('fieldset', { class: 'kinds' }, el('legend', {}, 'Show'));
    for (const kind of ['states', 'heap', 'messages'] as const) {
      const box = el('input', { type: 'checkbox', id: `iso-kind-${kind}`, checked: '' });
      box.addEventListener('change', () => {
        this.filters.kinds[kind] = box.checked;
        changed();
      });
      kinds.append(el('label', { for: `iso-kind-${kind}` }, box, ` ${kind}`));
    }
    const size = el('select', { 'aria-label': 'Smallest message shown' });
    for (const [label, bytes] of SIZES) size.append(el('option', { value: String(bytes) }, label));
    size.addEventListener('change', () => {
      this.filters.minBytes = Number(size.value);
      changed();
    });
    kinds.append(el('label', {}, 'messages ', size));
    const panel = el('div', { class: 'filter-panel', hidden: '' }, kinds, this.isolateList);
    const toggle = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-haspopup': 'true' }, 'Filters');
    toggle.addEventListener('click', () => {
      panel.hidden = !panel.hidden;
      toggle.setAttribute('aria-expanded', String(!panel.hidden));
    });
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        panel.hidden = true;
        toggle.setAttribute('aria-expanded', 'false');
        toggle.focus();
      }
    });
    container.append(search, el('span', { class: 'filter-anchor' }, toggle, panel));
  }

  /** Lists the isolates (again when lanes came, were named or ended, or another trace opened). */
  update(model: TraceModel): void {
    if (model === this.listed && model.laneVersion === this.listedVersion) return;
    this.listed = model;
    this.listedVersion = model.laneVersion;
    clear(this.isolateList);
    this.isolateList.append(el('legend', {}, 'Isolates'));
    const several = model.processes.list.length > 1;
    for (const lane of model.lanes) {
      const id = `iso-lane-${lane.index}`;
      const box = el('input', { type: 'checkbox', id, 'data-isolate': String(lane.id) });
      box.checked = !this.filters.hidden.has(lane.index);
      box.addEventListener('change', () => {
        if (box.checked) this.filters.hidden.delete(lane.index);
        else this.filters.hidden.add(lane.index);
        this.changed();
      });
      this.isolateList.append(el('label', { for: id }, box, ` ${lane.debugName} #${lane.id}${several ? ` · pid ${lane.process.pid ?? '?'}` : ''}`));
    }
  }
}

/** Whether `lane` shows under `filters`: not hidden, and matching the search by its name or a port's. */
export function isLaneShown(lane: Lane, filters: Filters): boolean {
  if (filters.hidden.has(lane.index)) return false;
  const query = filters.search.trim().toLowerCase();
  if (!query) return true;
  if (lane.debugName.toLowerCase().includes(query)) return true;
  for (const port of lane.ports.values()) if (port.port.toLowerCase().includes(query) || port.debugName?.toLowerCase().includes(query)) return true;
  return false;
}
