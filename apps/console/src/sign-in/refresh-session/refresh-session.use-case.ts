import { Inject, Injectable } from '@nestjs/common';
import { consoleProblems } from '../problems.js';
import { AccessTokenReader } from '../access-token.js';
import { OidcClient } from '../oidc.client.js';
import { type ConsoleSession, SessionStore } from '../session.store.js';

/** Refresh this long before the access token expires, so a proxied call never carries an expiring one. */
const REFRESH_AHEAD_MS = 60_000;

/**
 * Keeps a session's access token fresh with its refresh token (one refresh at a time per
 * session); when the provider refuses (signed out there, revoked), the session ends: 401.
 */
@Injectable()
export class RefreshSessionUseCase {
  private readonly inFlight = new Map<string, Promise<ConsoleSession>>();

  constructor(
    @Inject(OidcClient) private readonly client: OidcClient,
    @Inject(SessionStore) private readonly store: SessionStore,
    @Inject(AccessTokenReader) private readonly reader: AccessTokenReader,
  ) {}

  async execute(session: ConsoleSession, now = Date.now()): Promise<ConsoleSession> {
    if (session.accessTokenExpiresAt - REFRESH_AHEAD_MS > now) return session;
    let running = this.inFlight.get(session.id);
    if (!running) {
      running = this.refresh(session).finally(() => this.inFlight.delete(session.id));
      this.inFlight.set(session.id, running);
    }
    return running;
  }

  private async refresh(session: ConsoleSession): Promise<ConsoleSession> {
    if (!session.refreshToken) return this.end(session);
    try {
      const tokens = await this.client.refresh(session.refreshToken);
      const user = await this.reader.read(tokens.accessToken);
      session.accessToken = tokens.accessToken;
      session.accessTokenExpiresAt = tokens.expiresAt;
      if (tokens.refreshToken) session.refreshToken = tokens.refreshToken;
      if (tokens.idToken) session.idToken = tokens.idToken;
      session.user = { ...session.user, roles: user.roles, locations: user.locations, org: user.org };
      return session;
    } catch {
      return this.end(session);
    }
  }

  private end(session: ConsoleSession): never {
    this.store.delete(session.id);
    throw consoleProblems.signedOut('Your session ended; sign in again.');
  }
}
