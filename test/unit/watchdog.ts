// A mocha global teardown: if something a test opened (a port, an isolate, a socket) keeps
// the process alive after the run, say what it is and end with a failure, rather than hang
// until CI's time limit. Mocha runs with exit: false on purpose, so leaks are seen.
const GRACE_MS = 10_000;

export function mochaGlobalTeardown(): void {
  setTimeout(() => {
    const open = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap');
    process.stderr.write(`\nwatchdog: the run ended ${GRACE_MS / 1000} s ago, but the process is still kept alive by: ${open.join(', ') || 'nothing Node reports (a worker?)'}\nA test left something open; exiting with a failure.\n`);
    // Mocha's own exit listener sets the exit code to its failure count; this one runs after it.
    process.on('exit', () => { process.exitCode = 1; });
    process.exit(1);
  }, GRACE_MS).unref();
}
