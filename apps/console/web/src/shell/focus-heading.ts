import { useEffect, useRef } from 'react';

/** How long a screen may take to show its heading (a lazy screen, a board being read) before the shell stops waiting. */
const WAIT_FOR_HEADING_MS = 10_000;

/**
 * On every route change the focus goes to the new screen's main heading, so keyboard and
 * screen-reader users land on the screen they opened instead of on the link they left (or on
 * <body>, when that link went away with the old screen). Screens show their heading only once
 * their data is read, so the shell waits for it; if the user or the screen (a dialog it opens)
 * moved the focus meanwhile, the focus is left where it is. Not on the first load: the browser
 * starts at the top of the page, with the skip link first.
 */
export function useFocusHeadingOnNavigation(pathname: string): void {
  // The first screen shown, until the first route change (not a flag set in the effect: React's
  // strict mode runs an effect twice, and the second run must still wait for the heading).
  const firstShown = useRef<string | undefined>(pathname);
  useEffect(() => {
    if (pathname === firstShown.current) return;
    firstShown.current = undefined;
    const main = document.getElementById('main');
    if (!main) return;
    const from = document.activeElement;
    const focusHeading = (): boolean => {
      const heading = main.querySelector<HTMLElement>('h1, h2');
      if (!heading) return false;
      const now = document.activeElement;
      if (now && now !== from && now !== document.body && now !== main) return true;
      // A heading is not focusable by itself; -1 keeps it out of the Tab order.
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus();
      return true;
    };
    if (focusHeading()) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    const timer = window.setTimeout(() => observer.disconnect(), WAIT_FOR_HEADING_MS);
    return () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
  }, [pathname]);
}
