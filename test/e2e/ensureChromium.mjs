// `npm test` needs Debian's Chromium for the timeline's browser tests. Installs it when it is
// missing and this is a Debian machine we may install on (root, or password-less sudo, with
// apt-get), else says how. Never downloads a browser of its own.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  const works = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
  const root = process.getuid?.() === 0;
  const prefix = root ? [] : works('sudo', ['-n', 'true']) ? ['sudo', '-n'] : undefined;
  if (!prefix || !works('apt-get', ['--version'])) {
    console.error(`The timeline tests need Chromium at ${CHROMIUM}. Install it (Debian: sudo apt-get install -y chromium) and run npm test again.`);
    process.exit(1);
  }
  console.log('Installing Chromium from Debian for the timeline tests (apt-get install chromium)…');
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const [command, ...rest] = [...prefix, 'apt-get', ...args];
    const result = spawnSync(command, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed (exit ${result.status}); install chromium by hand and run npm test again.`);
      process.exit(1);
    }
  }
}
