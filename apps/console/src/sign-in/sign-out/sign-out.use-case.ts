import { Inject, Injectable } from '@nestjs/common';
import { OidcClient } from '../oidc.client.js';
import { type ConsoleSession, SessionStore } from '../session.store.js';

/** Ends the console's session, revokes its refresh token and returns where the provider ends its own. */
@Injectable()
export class SignOutUseCase {
  constructor(
    @Inject(OidcClient) private readonly client: OidcClient,
    @Inject(SessionStore) private readonly store: SessionStore,
  ) {}

  async execute(session: ConsoleSession | undefined, afterLogout: string): Promise<{ redirectTo: string }> {
    if (!session) return { redirectTo: afterLogout };
    this.store.delete(session.id);
    if (session.refreshToken) await this.client.revoke(session.refreshToken).catch(() => undefined);
    const endSession = await this.client.endSessionUrl(session.idToken, afterLogout).catch(() => undefined);
    return { redirectTo: endSession ?? afterLogout };
  }
}
