// The worker side of Isolate.spawn and Isolate.spawnUri: load the entry (a shipped function,
// or a module's main), say ready, and run it, paused first when asked.
import { pathToFileURL } from 'node:url';
import { capabilityId } from '../capability';
import type { BootData } from '../controlMessages';
import { compileEntry, importFrom } from '../entryCompiler';
import { Errors, serializeError } from '../errors';
import { context } from '../isolateContext';
import { reportUncaught, send, toParent } from './parentLink';

/** Loads and runs the entry of an isolate started by Isolate.spawn or Isolate.spawnUri. */
export async function runSpawnedEntry(boot: BootData): Promise<void> {
  const port = toParent();
  // An isolate lives while it has work: its control channel alone does not keep it alive,
  // unless it is paused (then it waits for its resume).
  port.unref();
  context.onPausedChange = (paused) => (paused ? port.ref() : port.unref());
  const entry = boot.entry!;
  let run: () => unknown;
  try {
    if (entry.kind === 'function') {
      const fn = compileEntry(entry);
      run = () => fn(boot.message);
    } else {
      const module = (await importFrom(pathToFileURL(`${process.cwd()}/`).href)(entry.url)) as Record<string, unknown>;
      const main = (module['main'] ?? (module['default'] as Record<string, unknown> | undefined)?.['main']) as ((args: string[], message: unknown) => unknown) | undefined;
      if (typeof main !== 'function') throw Errors.moduleHasNoMain(entry.url);
      run = () => main(entry.args, boot.message);
    }
  } catch (error) {
    send({ type: 'loadFailed', error: serializeError(error) });
    process.exit(1);
  }
  if (boot.startPaused) context.pause(capabilityId(boot.pauseCapability!));
  send({ type: 'ready' });
  context.deliver(() => invoke(run));
}

/** Calls user code; a throw or a rejected promise is an uncaught error of the isolate. */
function invoke(call: () => unknown): void {
  try {
    const result = call();
    if (result instanceof Promise) result.then(undefined, reportUncaught);
  } catch (error) {
    reportUncaught(error);
  }
}
