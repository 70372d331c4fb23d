// The timeline as the VS Code extension hosts it, for tests in Chromium: a page that loads the
// built dist/webview/webview.js and webview.css, with the API VS Code's webview injects
// (acquireVsCodeApi: what the page posts and the states it saves are recorded in
// globalThis.vscodeCalls), VS Code's theme (its class on the body, its colour variables on the
// root element), and the host's messages posted to the window as VS Code delivers them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { TimelineDebug } from '../../webview/src/timelineDebug';
import { openPage } from './browser.js';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
/** A program of several processes: it forks one it talks to over IPC, one that starts a worker thread, and runs `node -e 0`. */
export const forks = join(root, 'out/test/fixtures/tracing/forks.cjs');

/** The page's debug handle (window.isoscope); host messages are written here as plain JSON, as a host sends them. */
export type Debug = Omit<TimelineDebug, 'handle'> & { handle(message: unknown): void };
export const debug = (page: Page) => page.evaluateHandle(() => (globalThis as unknown as { isoscope: Debug }).isoscope);

/** What the page asked of VS Code's API. */
export interface VsCodeCalls {
  posted: { type: string }[];
  states: { name: string; view: [number, number]; follow: boolean; selection?: { kind: string; pid?: number; isolate?: number } }[];
}
export const vscodeCalls = (page: Page) => page.evaluate(() => (globalThis as unknown as { vscodeCalls: VsCodeCalls }).vscodeCalls);

/** VS Code's theme as a webview gets it: the body's class and the root's variables. */
export interface VsCodeTheme {
  bodyClass: string;
  vars: Record<string, string>;
}

/** Records `forks` with `isoscope record` into `dir`: the merged trace's path. */
export function recordForks(dir: string): string {
  const trace = join(dir, 'forks.isotrace');
  const result = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'record', '-o', trace, '--', process.execPath, forks], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  return trace;
}

/** Opens the webview page (written into `dir`) with VS Code's API, `state` saved by an earlier page, and `theme`. */
export function openWebview(browser: Browser, dir: string, options: { theme?: VsCodeTheme; state?: unknown } = {}): Promise<{ page: Page; errors: string[] }> {
  const { theme } = options;
  const file = join(dir, `webview-${theme?.bodyClass ?? 'plain'}.html`);
  const dist = (name: string) => pathToFileURL(join(root, 'dist', 'webview', name)).href;
  const style = Object.entries(theme?.vars ?? {}).map(([k, v]) => `${k}: ${v.replace(/"/g, '&quot;')}`).join('; ');
  writeFileSync(file, `<!doctype html>\n<html lang="en" style="${style}"><head><meta charset="utf-8"><link rel="stylesheet" href="${dist('webview.css')}"></head>\n<body${theme ? ` class="${theme.bodyClass}"` : ''}><div id="isoscope-root"></div><script src="${dist('webview.js')}"></script></body></html>\n`);
  return openPage(browser, pathToFileURL(file).href, undefined, (page) =>
    page.addInitScript(
      ({ state }) => {
        const g = globalThis as unknown as Record<string, unknown>;
        const record: VsCodeCalls = { posted: [], states: [] };
        let saved = state;
        g['vscodeCalls'] = record;
        g['acquireVsCodeApi'] = () => ({
          postMessage: (message: { type: string }) => record.posted.push(message),
          getState: () => saved,
          setState: (next: VsCodeCalls['states'][number]) => {
            saved = next;
            record.states.push(next);
          },
        });
      },
      { state: options.state },
    ),
  );
}

/** Posts `messages` to the page's window as the host does, and waits until the page has taken them all. */
export async function post(page: Page, messages: unknown[]): Promise<void> {
  await page.evaluate(
    (list) =>
      new Promise<void>((resolve) => {
        const w = globalThis as unknown as { postMessage(m: unknown, target: string): void; addEventListener(type: string, f: (e: { data: unknown }) => void): void; removeEventListener(type: string, f: (e: { data: unknown }) => void): void };
        const done = (event: { data: unknown }) => {
          if (event.data !== 'test: all posted') return;
          w.removeEventListener('message', done);
          resolve();
        };
        w.addEventListener('message', done);
        for (const message of list) w.postMessage(message, '*');
        w.postMessage('test: all posted', '*');
      }),
    messages,
  );
}
