// What `npm test` needs from Debian (Chromium for the browser tests; headers, ripgrep and
// the like for code-server): installs the packages that are missing when this is a Debian
// machine we may install on (root, or password-less sudo, with apt-get), else says how.
// Never downloads anything but Debian packages.
import { spawnSync } from 'node:child_process';

const works = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/** The packages of `names` that dpkg does not have installed (all of them where there is no dpkg). */
export function missingDebianPackages(names) {
  return names.filter((name) => {
    const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return result.status !== 0 || !result.stdout.includes('install ok installed');
  });
}

/** Installs whichever of `names` are missing (apt-get update, then install), or exits the
 * process with a message that says what to install by hand. `why` completes "… needs …". */
export function ensureDebianPackages(names, why) {
  const missing = missingDebianPackages(names);
  if (missing.length === 0) return;
  const root = process.getuid?.() === 0;
  const prefix = root ? [] : works('sudo', ['-n', 'true']) ? ['sudo', '-n'] : undefined;
  const byHand = `sudo apt-get install -y ${missing.join(' ')}`;
  if (!prefix || !works('apt-get', ['--version'])) {
    console.error(`${why} needs the Debian packages ${missing.join(', ')}. Install them (${byHand}) and run npm test again.`);
    process.exit(1);
  }
  console.log(`Installing from Debian for ${why}: apt-get install ${missing.join(' ')}…`);
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '-o', 'Dpkg::Use-Pty=0', ...missing]]) {
    const [command, ...rest] = [...prefix, 'apt-get', ...args];
    const result = spawnSync(command, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed (exit ${result.status}); install them by hand (${byHand}) and run npm test again.`);
      process.exit(1);
    }
  }
}
