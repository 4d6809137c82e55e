import type { QueryKey } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { ComposedDayBoard } from './board.js';
import { LiveJournal } from './live-board.js';

/** The console's journal of live events for the boards being read (one per page, like the query cache). */
export const boardJournal = new LiveJournal();

/** A board's name in the journal: its query key. */
export function journalKey(queryKey: QueryKey): string {
  return JSON.stringify(queryKey);
}

/**
 * Reads a location's composed day board (the query function of Today's and Chairside's board):
 * live events that arrive while the read is in flight, already shown, are replayed onto its answer,
 * so the answer does not take them back and no read again is needed for them.
 */
export async function readBoard(queryKey: QueryKey, locationId: string, date: string): Promise<ComposedDayBoard> {
  const read = boardJournal.begin(journalKey(queryKey));
  try {
    return boardJournal.settle(read, await api<ComposedDayBoard>(`/api/board/${locationId}?date=${date}`));
  } finally {
    boardJournal.end(read);
  }
}
