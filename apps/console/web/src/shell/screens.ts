import type { MessageKey } from '../i18n/en.js';
import type { Role, ShellSession } from '../api/session.js';

/**
 * The console's screens and who may open them. The services decide what each call may do; this
 * decides what the navigation offers, so a person sees only what their role and locations allow.
 * A screen that needs a location is offered only when the user has at least one.
 */
export interface Screen {
  id: 'today' | 'chairside' | 'book' | 'queues' | 'patients' | 'reports' | 'setup';
  path: string;
  label: MessageKey;
  summary: MessageKey;
  roles: readonly Role[];
  needsLocation: boolean;
}

export const SCREENS: readonly Screen[] = [
  {
    id: 'today',
    path: '/today',
    label: 'nav.today',
    summary: 'home.screen.today',
    roles: ['charge-nurse', 'scheduler', 'admin'],
    needsLocation: true,
  },
  {
    id: 'chairside',
    path: '/chairside',
    label: 'nav.chairside',
    summary: 'home.screen.chairside',
    roles: ['nurse', 'admin'],
    needsLocation: true,
  },
  {
    id: 'book',
    path: '/book',
    label: 'nav.book',
    summary: 'home.screen.book',
    roles: ['scheduler', 'admin'],
    needsLocation: true,
  },
  {
    id: 'queues',
    path: '/queues',
    label: 'nav.queues',
    summary: 'home.screen.queues',
    // The charge nurse runs the day: at-risk visits, chairs out of service, re-plan proposals and
    // same-day follow-up calls are hers as much as the scheduler's (scheduling's roles agree).
    roles: ['scheduler', 'charge-nurse', 'admin'],
    needsLocation: true,
  },
  {
    // Patients belong to the organisation; the registry narrows each to the user's locations.
    id: 'patients',
    path: '/patients',
    label: 'nav.patients',
    summary: 'home.screen.patients',
    roles: ['scheduler', 'admin'],
    needsLocation: false,
  },
  {
    // Reporting narrows every report to the user's grant; a manager's session may list no location
    // (scheduling does not list them to managers), so the screen does not wait for one.
    id: 'reports',
    path: '/reports',
    label: 'nav.reports',
    summary: 'home.screen.reports',
    roles: ['manager', 'analyst', 'admin'],
    needsLocation: false,
  },
  {
    // Changing chairs and hours is the admin's (scheduling's roles); the charge nurse's part is the
    // day's: sick calls (a shift removed) and bringing a chair back into service.
    id: 'setup',
    path: '/setup',
    label: 'nav.setup',
    summary: 'home.screen.setup',
    roles: ['admin', 'charge-nurse'],
    needsLocation: true,
  },
];

export function screensFor(session: Pick<ShellSession, 'user' | 'locations'>): Screen[] {
  return SCREENS.filter(
    (s) => s.roles.some((r) => session.user.roles.includes(r)) && (!s.needsLocation || session.locations.length > 0),
  );
}
