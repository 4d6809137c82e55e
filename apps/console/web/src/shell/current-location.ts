import { createContext, useContext } from 'react';
import type { ShellLocation } from '../api/session.js';

/** The location the screens show, chosen in the header (remembered in this browser). */
export interface CurrentLocation {
  location: ShellLocation | undefined;
  choose(id: string): void;
}

export const CurrentLocationContext = createContext<CurrentLocation>({ location: undefined, choose: () => undefined });
export const useCurrentLocation = (): CurrentLocation => useContext(CurrentLocationContext);

const KEY = 'chairside.location';
export const rememberedLocation = (): string | null => window.localStorage.getItem(KEY);
export const rememberLocation = (id: string): void => window.localStorage.setItem(KEY, id);

/** The board the last user of this browser worked (location and zone): kept until they sign out. */
const BOARD_KEY = 'chairside.board';

export interface RememberedBoard {
  locationId: string;
  timeZone: string;
}

/** The location whose board the user has on screen (Today or Chairside may read it early on the next load); undefined forgets it. */
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
