import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { signIn } from '../../api/client.js';
import type { ComposedDayBoard, LiveEvent } from './board.js';
import { applyLiveEvent, readAtStreamStart } from './live-board.js';
import { boardJournal, journalKey } from './read-board.js';

/** `paused`: the stream is open but the back end itself is not receiving events (Kafka away); a `ready` follows. */
export type LiveState = 'connecting' | 'connected' | 'paused' | 'lost';

/** Events of a burst within this wait cause one read, not one each. */
const COALESCE_MS = 250;

/**
 * Follows a location's live events (server-sent events from the back end). A session step the
 * event describes changes its bar in every cached day board of the location at once (no read of the
 * board, and a read in flight does not take it back: see read-board.ts); a booking is kept (its bar shows at once) and, like any event the board cannot take
 * alone, makes the boards read again — once for a burst. `alsoReadAgain` are the other queries an
 * event may change (re-plan proposals), read again the same way. Nothing polls.
 */
export function useLiveUpdates(
  locationId: string | undefined,
  boardKey: readonly unknown[],
  ...alsoReadAgain: ReadonlyArray<readonly unknown[]>
) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const [announced, setAnnounced] = useState<ReadonlyMap<string, LiveEvent>>(new Map());
  const timer = useRef<number | undefined>(undefined);
  const keys = JSON.stringify([boardKey, ...alsoReadAgain]);

  useEffect(() => {
    if (!locationId) return;
    setAnnounced(new Map());
    setState('connecting');
    const [boards, ...others] = JSON.parse(keys) as QueryKey[];
    // What the next (coalesced) read takes in: the boards that could not apply an event, the others.
    const pending = new Set<string>();
    const readAgain = (queryKey: QueryKey) => {
      pending.add(JSON.stringify(queryKey));
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => {
        for (const key of pending) void queryClient.invalidateQueries({ queryKey: JSON.parse(key) as QueryKey });
        pending.clear();
      }, COALESCE_MS);
    };
    const source = new EventSource(`/api/live/${locationId}`);
    // Connected (again): what happened while away is read from the board, unless the board's read
    // began where the stream begins (nothing of the location arrived between: readAtStreamStart),
    // as on a navigation where nothing happened. A read in flight is awaited, not cancelled, so the
    // board shows meanwhile; then its answer says whether it needs a read again.
    source.addEventListener('ready', (message) => {
      setState('connected');
      const { position } = JSON.parse((message as MessageEvent<string>).data) as { position?: string };
      const readAgainUnlessCurrent = (queryKey: QueryKey) => {
        if (!readAtStreamStart(queryClient.getQueryData<ComposedDayBoard>(queryKey), position))
          void queryClient.invalidateQueries({ queryKey, exact: true });
      };
      for (const queryKey of others) void queryClient.invalidateQueries({ queryKey });
      for (const query of queryClient.getQueryCache().findAll({ queryKey: boards! })) {
        const queryKey = query.queryKey;
        if (query.state.fetchStatus === 'fetching')
          void queryClient
            .refetchQueries({ queryKey, exact: true }, { cancelRefetch: false })
            .then(() => readAgainUnlessCurrent(queryKey));
        else readAgainUnlessCurrent(queryKey);
      }
    });
    source.addEventListener('change', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as LiveEvent;
      if (event.bar) setAnnounced((before) => new Map(before).set(event.appointmentId, event));
      for (const query of queryClient.getQueryCache().findAll({ queryKey: boards! })) {
        const data = query.state.data as ComposedDayBoard | undefined;
        if (!data) {
          readAgain(query.queryKey);
          continue;
        }
        // Shown at once; a read in flight gets it replayed onto its answer (read-board.ts).
        const { data: after, outcome } = applyLiveEvent(data, event);
        if (outcome === 'applied') {
          queryClient.setQueryData(query.queryKey, after);
          boardJournal.record(journalKey(query.queryKey), event);
        } else if (outcome === 'read-again') readAgain(query.queryKey);
      }
      for (const queryKey of others) readAgain(queryKey);
    });
    // The back end's own consumer has a gap: said on the screen until its `ready`, which reads the board again.
    source.addEventListener('paused', () => setState('paused'));
    // The back end ends the stream when the session does (signed out, idle, pushed out) or when the
    // user may no longer follow this location. Without a session the board cannot be trusted to be
    // current, so the user signs in again (back to this page) rather than watch a stale board.
    source.addEventListener('ended', (message) => {
      const { reason } = JSON.parse((message as MessageEvent<string>).data) as { reason: string };
      source.close();
      setState('lost');
      if (reason !== 'not-allowed') signIn();
    });
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'lost' : 'connecting');
    return () => {
      window.clearTimeout(timer.current);
      source.close();
    };
  }, [locationId, keys, queryClient]);

  return { state, announced };
}
