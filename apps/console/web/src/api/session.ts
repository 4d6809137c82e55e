import { useQuery } from '@tanstack/react-query';
import { api, useCsrfToken } from './client.js';

export type Role = 'admin' | 'scheduler' | 'nurse' | 'charge-nurse' | 'manager' | 'analyst' | 'privacy-officer';

export interface ShellLocation {
  id: string;
  name: string;
  timeZone: string;
}

export interface ShellSession {
  user: { name: string; username: string; roles: Role[]; locationGrant: '*' | string[] };
  csrfToken: string;
  locations: ShellLocation[];
}

export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      const session = await api<ShellSession>('/api/session');
      useCsrfToken(session.csrfToken);
      return session;
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export async function signOut(): Promise<void> {
  const { redirectTo } = await api<{ redirectTo: string }>('/auth/logout', { method: 'POST' });
  window.location.assign(redirectTo);
}
