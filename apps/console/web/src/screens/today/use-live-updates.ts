import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { LiveEvent } from './board.js';

export type LiveState = 'connecting' | 'connected' | 'lost';

/**
 * Follows a location's live events (server-sent events from the back end). Each event is kept
 * (a new booking shows at once) and the board is read again; nothing polls.
 */
export function useLiveUpdates(locationId: string | undefined, ...readAgain: ReadonlyArray<readonly unknown[]>) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const [announced, setAnnounced] = useState<ReadonlyMap<string, LiveEvent>>(new Map());
  const refetch = useRef<number | undefined>(undefined);
  const keys = JSON.stringify(readAgain);

  useEffect(() => {
    if (!locationId) return;
    setAnnounced(new Map());
    setState('connecting');
    const invalidate = () => {
      for (const queryKey of JSON.parse(keys) as unknown[][]) void queryClient.invalidateQueries({ queryKey });
    };
    const source = new EventSource(`/api/live/${locationId}`);
    // Connected (again): what happened while away is read from the board.
    source.addEventListener('ready', () => {
      setState('connected');
      invalidate();
    });
    source.addEventListener('change', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as LiveEvent;
      setAnnounced((before) => new Map(before).set(event.appointmentId, event));
      // Several events in a burst: one read of the board.
      window.clearTimeout(refetch.current);
      refetch.current = window.setTimeout(invalidate, 250);
    });
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'lost' : 'connecting');
    return () => {
      window.clearTimeout(refetch.current);
      source.close();
    };
  }, [locationId, keys, queryClient]);

  return { state, announced };
}
