import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { components } from '../../api/generated/sessions.js';
// The protocol the sessions service enforces (libs/domain), shown to the nurse before recording.
import { protocolFor } from '../../../../../../libs/domain/src/reactions.js';

export type SessionBody<K extends keyof components['schemas']> = components['schemas'][K];

/** One step of the session's log as GET …/sessions/{appointmentId} answers it. */
export interface LoggedStep {
  seq: number;
  kind: string;
  from_status: string;
  to_status: string;
  occurred_at: string;
  details: Record<string, unknown>;
  status: 'recorded' | 'entered-in-error';
  entered_in_error: { reason: string; actorId: string; at: string } | null;
}

/** One set of vital signs of the session's log. */
export interface LoggedVitals {
  id: string;
  taken_at: string;
  values: Record<string, number>;
  findings: Array<{ measure: string }> | null;
  status: 'final' | 'entered-in-error';
}

/** The session with its log (the sessions service's SessionView; it has no OpenAPI schema yet). */
export interface SessionDetails {
  appointmentId: string;
  patientId: string;
  status: string;
  highestReactionGrade: number;
  ratePercent: number;
  rateMlPerHour: number | null;
  access: { route: string; site: string } | null;
  pauseReason: string | null;
  stopReason: string | null;
  nextVitalsDueAt: string | null;
  allowedNext: string[];
  version: number;
  steps: LoggedStep[];
  vitals: LoggedVitals[];
}

const sessionPath = (locationId: string, appointmentId: string) =>
  `/api/services/sessions/locations/${locationId}/sessions/${appointmentId}`;

export const sessionKey = (appointmentId: string | undefined) => ['session', appointmentId] as const;

export function useSessionDetails(locationId: string, appointmentId: string | undefined, boardVersion: string) {
  return useQuery({
    // The board's status is part of the key: a live change on the board reads the log again.
    queryKey: [...sessionKey(appointmentId), boardVersion],
    queryFn: () => api<SessionDetails>(sessionPath(locationId, appointmentId!)),
    enabled: !!appointmentId,
    // The same patient's previous read stays on screen while the next loads (no flicker after a step).
    placeholderData: (previous) => (previous?.appointmentId === appointmentId ? previous : undefined),
  });
}

/**
 * A step at the chair: posted with the version the nurse saw (If-Match), so a step someone else
 * took meanwhile is refused as "changed by someone else" instead of applied to a session the nurse
 * did not see. Afterwards the board and the log are read again.
 */
export function useSessionStep(locationId: string, session: SessionDetails | undefined, boardKey: readonly unknown[]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body: unknown }) =>
      api<unknown>(`${sessionPath(locationId, session!.appointmentId)}/${path}`, {
        method: 'POST',
        body,
        // Vitals are appended whatever the version (the vitals routes do not read If-Match).
        headers: { 'if-match': `"${session!.version}"` },
      }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: boardKey }),
        queryClient.invalidateQueries({ queryKey: sessionKey(session?.appointmentId) }),
      ]);
    },
  });
}

/** What the protocol says for a CTCAE grade: 1–2 pause then restart at half rate, 3 and above stop. */
export const adviceFor = (grade: number) => protocolFor(grade);
