import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); playwright-core drives it, nothing is downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** What kind of device the browser plays: a tablet has a touch screen (taps, touch events). */
export interface Device {
  hasTouch?: boolean;
}

/** A real headless Chromium with a fresh profile of its own (installed by infra/dev/browser.mjs when missing). */
export async function openChromium(
  viewport = { width: 1366, height: 900 },
  timezoneId?: string,
  device: Device = {},
): Promise<SignedIn> {
  if (!existsSync(CHROMIUM)) execFileSync(process.execPath, ['infra/dev/browser.mjs'], { stdio: 'inherit', cwd: ROOT });
  const profile = mkdtempSync(join(tmpdir(), 'chairside-chromium-'));
  // launchPersistentContext passes the profile as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS,
    viewport,
    // The browser's own zone (the machine's unless given): the screens must not depend on it.
    ...(timezoneId ? { timezoneId } : {}),
    hasTouch: device.hasTouch ?? false,
    timeout: 60_000,
    // The console's CSP allows only its own scripts; the accessibility check injects axe-core.
    bypassCSP: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the identity provider's own page, as a person does; ends on the console's home screen. */
export async function signInAs(
  consoleUrl: string,
  username: string,
  password: string,
  viewport?: { width: number; height: number },
  timezoneId?: string,
  device?: Device,
): Promise<SignedIn> {
  const opened = await openChromium(viewport, timezoneId, device);
  await signInOn(opened.page, consoleUrl, username, password);
  return opened;
}

/** The sign-in itself, on a page of a fresh profile or context: the console sends it to the provider's page and back. */
export async function signInOn(page: Page, consoleUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${consoleUrl}/`);
  await page.waitForURL(/\/interaction\//, { timeout: 30_000 });
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL(`${consoleUrl}/**`, { timeout: 30_000 }), page.click('button[type="submit"]')]);
  await page.getByTestId('signed-in-as').waitFor({ timeout: 30_000 });
}
