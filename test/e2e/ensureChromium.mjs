// `npm test` needs Debian's Chromium for the browser tests (the timeline, the workbench that
// code-server serves). Installs it when it is missing (test/setup/debianPackages.mjs). Never
// downloads a browser of its own.
import { existsSync } from 'node:fs';
import { ensureDebianPackages } from '../setup/debianPackages.mjs';

if (!existsSync('/usr/bin/chromium')) ensureDebianPackages(['chromium'], 'the browser tests (Chromium at /usr/bin/chromium)');
