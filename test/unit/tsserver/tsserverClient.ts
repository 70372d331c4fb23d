// A minimal tsserver client for the plugin's tests and its benchmark: starts TypeScript's own
// tsserver (the one in node_modules, as VS Code starts its bundled copy) with Isoscope's plugin
// loaded as VS Code loads a contributed one (--globalPlugins, --pluginProbeLocations), or
// without it; sends requests and waits for their responses and for diagnostic events.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLUGIN } from '../../vscode/pluginProbe.js';

export { pluginProbe } from '../../vscode/pluginProbe.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const TSSERVER = join(root, 'node_modules/typescript/lib/tsserver.js');

export interface TsMessage {
  type: 'response' | 'event';
  command?: string;
  event?: string;
  request_seq?: number;
  success?: boolean;
  message?: string;
  body?: any;
}

export interface Tsserver {
  /** Sends a request and resolves with its response. */
  request(command: string, args: unknown): Promise<TsMessage>;
  /** Sends a request whose answer is events, or nothing (open, change, geterr). */
  notify(command: string, args: unknown): void;
  /** Resolves with the first event from now on that `match` accepts. */
  nextEvent(match: (message: TsMessage) => boolean): Promise<TsMessage>;
  close(): void;
}

/** Starts tsserver; with `probe` (a folder from pluginProbe()), with the plugin loaded; with
 * `logFile`, writing its log there (normal verbosity). */
export function startTsserver(options: { probe?: string; logFile?: string } = {}): Tsserver {
  const args = [TSSERVER, '--disableAutomaticTypingAcquisition'];
  if (options.probe) args.push('--globalPlugins', PLUGIN, '--pluginProbeLocations', options.probe);
  if (options.logFile) args.push('--logVerbosity', 'normal', '--logFile', options.logFile);
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  let seq = 0;
  let buffer = Buffer.alloc(0);
  const pending = new Map<number, (message: TsMessage) => void>();
  const waiters: ((message: TsMessage) => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const head = buffer.indexOf('\r\n\r\n');
      if (head < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(buffer.subarray(0, head).toString())![1]);
      if (buffer.length < head + 4 + length) return;
      const message = JSON.parse(buffer.subarray(head + 4, head + 4 + length).toString()) as TsMessage;
      buffer = buffer.subarray(head + 4 + length);
      if (message.type === 'response') pending.get(message.request_seq!)?.(message);
      else for (const waiter of [...waiters]) waiter(message);
    }
  });
  const send = (command: string, args: unknown): number => {
    child.stdin.write(`${JSON.stringify({ seq: ++seq, type: 'request', command, arguments: args })}\n`);
    return seq;
  };
  return {
    request: (command, args) => new Promise((resolve) => pending.set(send(command, args), resolve)),
    notify: (command, args) => void send(command, args),
    nextEvent: (match) =>
      new Promise((resolve) => {
        const waiter = (message: TsMessage): void => {
          if (!match(message)) return;
          waiters.splice(waiters.indexOf(waiter), 1);
          resolve(message);
        };
        waiters.push(waiter);
      }),
    close() {
      child.stdin.end();
      child.kill();
    },
  };
}
