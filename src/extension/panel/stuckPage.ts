// A timeline page that never starts. In VS Code for the web (code-server) the webviews of a
// window share one origin and so one resource service worker, which each registers again
// under its own id, and VS Code writes a page into its webview only once that worker answers.
// When several webviews load at once, as after a reload restores them, one of them may wait
// for a change of worker that already happened: VS Code never writes its page, the panel
// stays blank, and nothing of ours runs there to say so (4 of 24 reloads with two panels
// here). Its host learns it from the page's silence, and only a new webview gets past it.
import type { TimelineWebview } from './timelineWebview';

/** How long a visible page may take to say `ready` (one starts in 1-8 s on a busy 2-core machine). */
export const STUCK_MS = 15_000;

/** Calls `stuck` if `view`'s page has not said `ready` STUCK_MS after it was last shown. */
export function watchForStuckPage(view: TimelineWebview, stuck: () => void): void {
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    if (view.readyAt !== undefined || view.isDisposed || !view.panel.visible) return;
    timer = setTimeout(() => view.readyAt === undefined && !view.isDisposed && view.panel.visible && stuck(), STUCK_MS);
  };
  const shown = view.panel.onDidChangeViewState(arm);
  const disposed = view.panel.onDidDispose(() => {
    clearTimeout(timer);
    shown.dispose();
    disposed.dispose();
  });
  arm();
}
