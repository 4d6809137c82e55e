import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
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

const PENDING_TTL_MS = 10 * 60_000;
const MAX_PENDING = 10_000;

export const newId = () => randomBytes(32).toString('base64url');

/**
 * Server-side sessions in this process's memory: the cookie holds only a random id. Bounded
 * (the oldest is dropped beyond CONSOLE_MAX_SESSIONS) and idle sessions end. A restart signs
 * everyone out; several instances behind a balancer need sticky sessions (docs/console.md).
 */
@Injectable()
export class SessionStore {
  private readonly sessions = new Map<string, ConsoleSession>();
  private readonly pending = new Map<string, PendingSignIn>();
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
    while (this.sessions.size >= this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
    const created: ConsoleSession = { ...session, id: newId(), csrfToken: newId(), lastUsedAt: now };
    this.sessions.set(created.id, created);
    return created;
  }

  find(id: string | undefined, now = Date.now()): ConsoleSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (now - session.lastUsedAt > this.idleMs) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastUsedAt = now;
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }
}
