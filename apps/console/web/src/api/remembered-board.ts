/**
 * The board the last user of this browser worked (location and zone; nothing of a patient), so that
 * the next page load of Today or Chairside can ask for it at once (screens/today/early-board.ts).
 * Kept until the session ends: at sign-out, and when the back end answers that there is no session
 * (client.ts's signIn), so the next user of a shared browser does not start with it.
 */
const BOARD_KEY = 'chairside.board';

export interface RememberedBoard {
  locationId: string;
  timeZone: string;
}

/** The location whose board the user has on screen; undefined forgets it. */
export function rememberBoard(board: RememberedBoard | undefined): void {
  if (board) window.localStorage.setItem(BOARD_KEY, JSON.stringify({ locationId: board.locationId, timeZone: board.timeZone }));
  else window.localStorage.removeItem(BOARD_KEY);
}

export function rememberedBoard(): RememberedBoard | undefined {
  try {
    const value = JSON.parse(window.localStorage.getItem(BOARD_KEY) ?? 'null') as Partial<RememberedBoard> | null;
    return typeof value?.locationId === 'string' && typeof value.timeZone === 'string'
      ? { locationId: value.locationId, timeZone: value.timeZone }
      : undefined;
  } catch {
    return undefined;
  }
}
