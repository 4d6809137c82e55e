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
