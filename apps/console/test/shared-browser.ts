import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS, type SignedIn } from './browser.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface SharedChromium {
  /** A fresh context (its own cookies and storage, as a fresh profile has) with one page, not signed in yet. */
  newUser(viewport?: { width: number; height: number }): Promise<SignedIn>;
  close(): Promise<void>;
}

/**
 * One headless Chromium for a whole test file, each person in a context of their own: a file that
 * signs in many users launches the browser once instead of once per user (openChromium).
 */
export async function launchSharedChromium(): Promise<SharedChromium> {
  if (!existsSync(CHROMIUM)) execFileSync(process.execPath, ['infra/dev/browser.mjs'], { stdio: 'inherit', cwd: ROOT });
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 60_000 });
  return {
    newUser: async (viewport = { width: 1366, height: 900 }) => {
      // The console's CSP allows only its own scripts; the accessibility check injects axe-core.
      const context = await browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      return { context, page, close: () => context.close().catch(() => undefined) };
    },
    close: () => browser.close().catch(() => undefined),
  };
}
