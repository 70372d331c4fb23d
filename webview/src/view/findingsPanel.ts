// The findings list: a toggle in the toolbar with their count ("Findings (3)", in the colour
// of the worst; "No findings" once a trace is known to have none), and a panel listing each
// finding (severity, rule, isolate, time, message, and its source location: a link where the
// host opens locations). Choosing an entry is the app's to act on (it zooms and selects).
import type { SourceLocation } from '../../../src/protocol/traceEvents';
import type { PlacedFinding } from '../model/findingPlaces';
import { clear, el } from './dom';
import { findingIsolate, findingTime, locationText, SEVERITY_ICON } from './findingText';

export interface FindingsPanelHost {
  /** An entry was chosen. */
  choose(placed: PlacedFinding): void;
  /** Set where a location can be opened (VS Code); in a report, locations are plain text. */
  openLocation: ((location: SourceLocation) => void) | undefined;
}

export class FindingsPanel {
  private shown: readonly PlacedFinding[] = [];
  private chosen: PlacedFinding | undefined;

  constructor(private readonly toggle: HTMLButtonElement, private readonly panel: HTMLElement, private readonly host: FindingsPanelHost) {
    toggle.addEventListener('click', () => {
      panel.hidden = !panel.hidden;
      toggle.setAttribute('aria-pressed', String(!panel.hidden));
    });
  }

  /** Shows `findings` (undefined: not worked out yet, or no trace: the toggle is hidden). */
  show(findings: readonly PlacedFinding[] | undefined): void {
    this.shown = findings ?? [];
    if (this.chosen && !this.shown.some((p) => sameFinding(p, this.chosen!))) this.chosen = undefined;
    const { toggle, panel } = this;
    toggle.hidden = findings === undefined;
    toggle.disabled = this.shown.length === 0;
    toggle.dataset['severity'] = worst(this.shown) ?? '';
    toggle.textContent = this.shown.length === 0 ? 'No findings' : `Findings (${this.shown.length})`;
    if (this.shown.length === 0) {
      panel.hidden = true;
      toggle.setAttribute('aria-pressed', 'false');
    }
    this.render();
  }

  /** Marks `placed` as the one chosen in the list (undefined: none). */
  mark(placed: PlacedFinding | undefined): void {
    this.chosen = placed;
    this.render();
  }

  private render(): void {
    const { panel, host } = this;
    const scrolled = panel.scrollTop;
    clear(panel);
    if (this.shown.length === 0) return;
    const list = el('ol', { class: 'findings-list' });
    for (const placed of this.shown) {
      const { severity, rule, message, location } = placed.finding;
      const item = el('li', { class: `finding ${severity}`, tabindex: '0', title: 'Zoom to it and select it' },
        el('span', { class: 'severity', 'aria-label': severity }, SEVERITY_ICON[severity]),
        el('code', { class: 'rule' }, rule),
        el('span', { class: 'isolate' }, findingIsolate(placed)),
        el('span', { class: 'time' }, findingTime(placed)),
        el('span', { class: 'message' }, message),
      );
      if (location) item.append(locationLink(location, host.openLocation));
      if (this.chosen && sameFinding(placed, this.chosen)) item.setAttribute('aria-current', 'true');
      item.addEventListener('click', () => host.choose(placed));
      item.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          host.choose(placed);
        }
      });
      list.append(item);
    }
    panel.append(el('h2', {}, 'Findings'), list);
    panel.scrollTop = scrolled;
  }
}

/** The same finding in findings worked out again (a live session's are new objects each time). */
function sameFinding(a: PlacedFinding, b: PlacedFinding): boolean {
  const f = a.finding;
  const g = b.finding;
  return f.rule === g.rule && f.isolate === g.isolate && f.pid === g.pid && f.start === g.start;
}

function worst(findings: readonly PlacedFinding[]): string | undefined {
  const severities = new Set(findings.map((p) => p.finding.severity));
  return severities.has('error') ? 'error' : severities.has('warning') ? 'warning' : severities.has('info') ? 'info' : undefined;
}

/** The location as a link that opens it (it does not choose the entry), or as text. */
function locationLink(location: SourceLocation, open: ((location: SourceLocation) => void) | undefined): HTMLElement {
  const text = locationText(location);
  if (!open) return el('code', { class: 'location' }, text);
  const link = el('a', { href: '#', class: 'link location' }, text);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    open(location);
  });
  return link;
}
