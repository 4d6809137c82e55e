import { hashKey, type Query, type QueryClient } from '@tanstack/react-query';
import { rememberedBoard } from '../../api/remembered-board.js';
import { localDate } from '../../time/zoned.js';
import { shownDay } from './board-day.js';
import { readBoard } from './read-board.js';

/** A screen that mounts later than this after the early read began reads the board again, as any other. */
const EARLY_READ_FRESH_MS = 10_000;

/** The boards read before their screen was there: when each read began, by query hash. */
const readEarly = new Map<string, number>();

/**
 * Starts the board's read with the page, beside the session's (main.tsx), when the page is Today or
 * Chairside and this browser remembers the board its user last worked: the screen would otherwise
 * ask for it only once the session has answered and the shell has drawn, two round trips in a row.
 * The key is the screens' own (`['board', location, day]`), so the screen takes the read over; if
 * the session shows another location (or none), the read is simply not used. The back end refuses a
 * role that does not work the board, and a location outside the user's grant, before asking any service.
 */
export function readBoardEarly(queryClient: QueryClient): void {
  const path = window.location.pathname;
  if (path !== '/today' && path !== '/chairside') return;
  const board = rememberedBoard();
  if (!board) return;
  let today: string;
  try {
    today = localDate(new Date(), board.timeZone);
  } catch {
    return;
  }
  const date = (path === '/today' ? shownDay(new URLSearchParams(window.location.search).get('date')) : undefined) ?? today;
  const queryKey = ['board', board.locationId, date];
  readEarly.set(hashKey(queryKey), Date.now());
  // Not asked twice if refused (no session any more, another user's location): the screen's own read decides.
  void queryClient.prefetchQuery({
    queryKey,
    queryFn: ({ queryKey: key }) => readBoard(key, board.locationId, date),
    retry: false,
  });
}

/**
 * The boards' `refetchOnMount`: a board is read again when its screen mounts (what changed while
 * it was not shown), except within a few seconds of an early read of it: the screen mounting then is
 * that read's, and a second one at once would only repeat it (and its audit of every name). Pure:
 * TanStack Query asks it more than once for one mount (the render's result and the subscription),
 * so it must answer the same each time. Events meanwhile are the live stream's (its `ready`).
 */
export function readBoardOnMount(query: Pick<Query, 'queryHash'>): boolean {
  const began = readEarly.get(query.queryHash);
  return !(began !== undefined && Date.now() - began < EARLY_READ_FRESH_MS);
}
