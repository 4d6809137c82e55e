// The browser of the console's tests: Debian's Chromium, driven by playwright-core (Playwright's own
// browser download cannot be used: its host is not reachable). Installs it with apt-get when missing
// (CI and a fresh machine run as root); CHROMIUM_PATH points elsewhere.
//   node infra/dev/browser.mjs      install if missing, print the path
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function ensureChromium(log = console.log) {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${CHROMIUM} does not exist`);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const run = (args) =>
    root
      ? execFileSync('apt-get', args, { stdio: 'inherit' })
      : execFileSync('sudo', ['-n', 'apt-get', ...args], { stdio: 'inherit' });
  log('[browser] installing Debian chromium for the console tests (apt-get install chromium)');
  try {
    try {
      run(['install', '-y', '--no-install-recommends', 'chromium']);
    } catch {
      run(['update']);
      run(['install', '-y', '--no-install-recommends', 'chromium']);
    }
  } catch (error) {
    // Without root or passwordless sudo the install cannot happen; say what to do instead of
    // leaving apt-get's or sudo's own message as the last word.
    throw new Error(
      `could not install Debian's chromium (${error instanceof Error ? error.message : String(error)}): ` +
        'run as root, allow `sudo -n apt-get`, install it yourself (`apt-get install chromium`), ' +
        'or point CHROMIUM_PATH at a Chromium binary',
      { cause: error },
    );
  }
  if (!existsSync(CHROMIUM)) throw new Error(`chromium was installed but ${CHROMIUM} is missing`);
  return CHROMIUM;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(ensureChromium());
