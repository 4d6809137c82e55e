import { Inject, Injectable } from '@nestjs/common';
import { consoleProblems } from '../problems.js';
import { AccessTokenReader } from '../access-token.js';
import { OidcClient } from '../oidc.client.js';
import { type ConsoleSession, SessionStore } from '../session.store.js';

export interface CompleteSignInCommand {
  /** The random id of the sign-in in progress (its cookie). */
  pendingId: string | undefined;
  /** The callback URL as the provider redirected to it (code and state). */
  callbackUrl: URL;
}

/** Exchanges the code (with the PKCE verifier), checks the tokens and opens a server-side session. */
@Injectable()
export class CompleteSignInUseCase {
  constructor(
    @Inject(OidcClient) private readonly client: OidcClient,
    @Inject(SessionStore) private readonly store: SessionStore,
    @Inject(AccessTokenReader) private readonly reader: AccessTokenReader,
  ) {}

  async execute(command: CompleteSignInCommand): Promise<{ session: ConsoleSession; returnTo: string }> {
    const pending = this.store.takeSignIn(command.pendingId);
    if (!pending) throw consoleProblems.signInFailed('The sign-in expired or was already used; sign in again.');
    let tokens;
    try {
      tokens = await this.client.exchange(command.callbackUrl, pending);
    } catch (error) {
      throw consoleProblems.signInFailed(`The identity provider's answer was refused: ${(error as Error).message}`);
    }
    const user = await this.reader.read(tokens.accessToken);
    const session = this.store.create({
      user: { ...user, name: tokens.name ?? user.sub, username: tokens.username ?? user.sub },
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: tokens.expiresAt,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
    });
    return { session, returnTo: pending.returnTo };
  }
}
