// `npm test` needs Debian's Chromium for the timeline's browser tests. Installs it when it is
// missing and this is a Debian machine we may install on (root with apt-get), else says how.
// Never downloads a browser of its own.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  const canInstall = process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!canInstall) {
    console.error(`The timeline tests need Chromium at ${CHROMIUM}. Install it (Debian: sudo apt-get install -y chromium) and run npm test again.`);
    process.exit(1);
  }
  console.log('Installing Chromium from Debian for the timeline tests (apt-get install chromium)…');
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed (exit ${result.status}); install chromium by hand and run npm test again.`);
      process.exit(1);
    }
  }
}
