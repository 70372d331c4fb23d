// The findings of the trace shown, in the timeline: worked out when findingsRefresh.ts says,
// listed in the findings panel, flagged on the lanes (the canvas draws `placed`), and chosen
// from either: choosing one zooms to its span and selects its messages or its lane. Each time
// they are worked out the host gets them too (the VS Code extension puts them in Problems).
import type { Micros } from '../../src/protocol/time';
import type { SourceLocation } from '../../src/protocol/traceEvents';
import type { TraceModel, Lane } from './model/traceModel';
import type { Selection } from './model/selection';
import type { Finding } from '../../src/protocol/findings/findingTypes';
import { findingRange, findingSelection, placeFindings, type PlacedFinding } from './model/findingPlaces';
import { FindingsRefresh } from './findingsRefresh';
import { FindingsPanel } from './view/findingsPanel';

/** What the findings act on in the app. */
export interface FindingsViewHost {
  /** The trace shown (a new model for each trace). */
  model(): TraceModel;
  /** Shows this time range (and stops following a live session). */
  showRange(view: [Micros, Micros]): void;
  select(selection: Selection | undefined): void;
  /** Scrolls `lane` into view. */
  scrollTo(lane: Lane): void;
  /** Something drawn changed. */
  redraw(): void;
  openLocation: ((location: SourceLocation) => void) | undefined;
  /** They were worked out (again): the host's copy (VS Code's Problems). */
  found(findings: Finding[]): void;
}

export class FindingsView {
  /** The findings worked out for the trace shown, on their lanes (empty until they are). */
  placed: readonly PlacedFinding[] = [];
  private readonly refresh: FindingsRefresh;
  private readonly panel: FindingsPanel;

  constructor(toggle: HTMLButtonElement, panel: HTMLElement, private readonly host: FindingsViewHost) {
    this.refresh = new FindingsRefresh(host.model, () => this.worked());
    this.panel = new FindingsPanel(toggle, panel, { choose: (placed) => this.choose(placed), openLocation: host.openLocation });
  }

  /** Whether they have been worked out for the trace shown (the debug handle reads it). */
  get known(): boolean {
    return this.refresh.findings !== undefined;
  }

  /** Another trace is shown. */
  reset(): void {
    this.refresh.reset();
    this.placed = [];
    this.panel.show(undefined);
  }

  /** The trace's data changed; `live`: a session still going (else the trace has all come). */
  dataChanged(live: boolean): void {
    if (this.host.model().isEmpty) return;
    if (live) this.refresh.liveData();
    else this.refresh.complete();
  }

  /** Zooms to `placed`'s span, selects what proves it, and marks it in the list. */
  choose(placed: PlacedFinding): void {
    const { host } = this;
    const model = host.model();
    host.showRange(findingRange(placed.finding, model));
    host.select(findingSelection(placed, model));
    if (placed.lane) host.scrollTo(placed.lane);
    this.panel.mark(placed);
  }

  private worked(): void {
    this.host.found([...(this.refresh.findings ?? [])]);
    this.placed = placeFindings(this.refresh.findings ?? [], this.host.model());
    this.panel.show(this.placed);
    this.host.redraw();
  }
}
