// The status bar item of a live session: its isolates alive and the events per second it
// streams, while it runs; clicking it opens its timeline.
import * as vscode from 'vscode';
import type { SessionRegistry } from './session/sessionRegistry';

export class SessionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('isoscope.session', vscode.StatusBarAlignment.Left, 10);
  private readonly timer: NodeJS.Timeout;
  private lastEvents = new Map<string, { events: number; at: number; rate: number }>();

  constructor(private readonly sessions: SessionRegistry) {
    this.item.name = 'Isoscope session';
    this.item.command = 'isoscope.openTimeline';
    this.timer = setInterval(() => this.update(), 1000);
    this.timer.unref();
    sessions.on('changed', () => this.update());
  }

  /** What the item says now (also for tests). */
  get text(): string | undefined {
    return this.item.text || undefined;
  }

  /** The command a click on the item runs (also for tests). */
  get command(): string | undefined {
    const command = this.item.command;
    return typeof command === 'string' ? command : command?.command;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.item.dispose();
  }

  private update(): void {
    const session = this.sessions.current;
    if (!session) {
      this.item.hide();
      this.item.text = '';
      return;
    }
    const now = performance.now();
    let seen = this.lastEvents.get(session.id);
    if (!seen) this.lastEvents.set(session.id, (seen = { events: session.events, at: now, rate: 0 }));
    if (now - seen.at >= 900) {
      seen.rate = ((session.events - seen.events) * 1000) / (now - seen.at);
      seen.events = session.events;
      seen.at = now;
    }
    const isolates = session.aliveIsolates;
    this.item.text = `$(pulse) ${isolates} ${isolates === 1 ? 'isolate' : 'isolates'} · ${formatRate(seen.rate)} events/s`;
    this.item.tooltip = `Isoscope is tracing "${session.name}": ${session.events.toLocaleString('en-US')} events so far. Click to open its timeline.`;
    this.item.show();
  }
}

function formatRate(rate: number): string {
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(1)}M`;
  if (rate >= 1e4) return `${Math.round(rate / 1e3)}k`;
  if (rate >= 1e3) return `${(rate / 1e3).toFixed(1)}k`;
  return String(Math.round(rate));
}
