import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { defer, filter, map, type Observable, of, Subject, take } from 'rxjs';
import type { AuthenticatedUser } from '@chairside/platform';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console.config.js';

/** What the console's back end keeps for a signed-in person; none of it reaches the browser's JavaScript but `user`. */
export interface ConsoleSession {
  id: string;
  /** Synchronizer token: unsafe requests must carry it in `x-csrf-token`. */
  csrfToken: string;
  user: AuthenticatedUser & { name: string; username: string };
  accessToken: string;
  /** ms since the epoch. */
  accessTokenExpiresAt: number;
  refreshToken?: string;
  idToken?: string;
  lastUsedAt: number;
}

/** A sign-in in progress: the PKCE verifier and state, kept here, never in the browser. */
export interface PendingSignIn {
  id: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  createdAt: number;
}

/** Why a session ended: signed out (or the provider refused its refresh), pushed out by newer sessions, unused too long. */
export type SessionEnd = 'signed-out' | 'evicted' | 'idle';

const PENDING_TTL_MS = 10 * 60_000;
const MAX_PENDING = 10_000;

export const newId = () => randomBytes(32).toString('base64url');

/**
 * Server-side sessions in this process's memory: the cookie holds only a random id. Bounded
 * (the oldest is dropped beyond CONSOLE_MAX_SESSIONS) and idle sessions end. A restart signs
 * everyone out; several instances behind a balancer need sticky sessions (docs/console.md).
 * Whatever holds on to a session beyond one request (a live stream) learns of its end by `ended`.
 */
@Injectable()
export class SessionStore {
  private readonly sessions = new Map<string, ConsoleSession>();
  private readonly pending = new Map<string, PendingSignIn>();
  private readonly endings = new Subject<{ id: string; reason: SessionEnd }>();
  private readonly idleMs: number;
  private readonly maxSessions: number;

  constructor(@Inject(CONSOLE_CONFIG) config: ConsoleConfig) {
    this.idleMs = config.CONSOLE_SESSION_IDLE_MINUTES * 60_000;
    this.maxSessions = config.CONSOLE_MAX_SESSIONS;
  }

  beginSignIn(sign: Omit<PendingSignIn, 'id' | 'createdAt'>, now = Date.now()): PendingSignIn {
    for (const [id, p] of this.pending) if (now - p.createdAt > PENDING_TTL_MS) this.pending.delete(id);
    while (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    const entry = { ...sign, id: newId(), createdAt: now };
    this.pending.set(entry.id, entry);
    return entry;
  }

  /** The pending sign-in, removed: a callback can be used once. */
  takeSignIn(id: string | undefined, now = Date.now()): PendingSignIn | undefined {
    if (!id) return undefined;
    const entry = this.pending.get(id);
    this.pending.delete(id);
    return entry && now - entry.createdAt <= PENDING_TTL_MS ? entry : undefined;
  }

  create(session: Omit<ConsoleSession, 'id' | 'csrfToken' | 'lastUsedAt'>, now = Date.now()): ConsoleSession {
    while (this.sessions.size >= this.maxSessions) this.end(this.sessions.keys().next().value!, 'evicted');
    const created: ConsoleSession = { ...session, id: newId(), csrfToken: newId(), lastUsedAt: now };
    this.sessions.set(created.id, created);
    return created;
  }

  /** The session of a request: using it keeps it alive. */
  find(id: string | undefined, now = Date.now()): ConsoleSession | undefined {
    if (!id || !this.isActive(id, now)) return undefined;
    const session = this.sessions.get(id)!;
    session.lastUsedAt = now;
    return session;
  }

  /**
   * Whether the session still lasts, without counting as a use: a stream that stays open is not the
   * person at the screen, so an unattended board does not keep a session alive. An idle session ends here.
   */
  isActive(id: string, now = Date.now()): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    if (now - session.lastUsedAt > this.idleMs) {
      this.end(id, 'idle');
      return false;
    }
    return true;
  }

  /** Once, when the session ends (at once if it already has): why it ended. */
  ended(id: string): Observable<SessionEnd> {
    return defer(() =>
      this.sessions.has(id)
        ? this.endings.pipe(
            filter((e) => e.id === id),
            take(1),
            map((e) => e.reason),
          )
        : of<SessionEnd>('signed-out'),
    );
  }

  delete(id: string): void {
    this.end(id, 'signed-out');
  }

  private end(id: string, reason: SessionEnd): void {
    if (this.sessions.delete(id)) this.endings.next({ id, reason });
  }
}
