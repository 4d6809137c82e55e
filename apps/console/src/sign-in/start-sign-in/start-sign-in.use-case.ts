import { Inject, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { OidcClient } from '../oidc.client.js';
import { SessionStore, type PendingSignIn } from '../session.store.js';

export interface StartSignInCommand {
  redirectUri: string;
  /** A path of the console to open after sign-in; anything else opens the home screen. */
  returnTo: string | undefined;
}

/** Begins authorization code + PKCE: the verifier, state and nonce stay here; the browser gets only the provider's URL. */
@Injectable()
export class StartSignInUseCase {
  constructor(
    @Inject(OidcClient) private readonly client: OidcClient,
    @Inject(SessionStore) private readonly store: SessionStore,
  ) {}

  async execute(command: StartSignInCommand): Promise<{ pending: PendingSignIn; authorizationUrl: string }> {
    const pending = this.store.beginSignIn({
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      returnTo: safeReturnPath(command.returnTo),
    });
    const url = await this.client.authorizationUrl(command.redirectUri, pending.state, pending.nonce, pending.codeVerifier);
    return { pending, authorizationUrl: url.href };
  }
}

/** Only a local path (`/today`), never `//other.host` or a URL: no open redirect. */
export function safeReturnPath(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\') || value.length > 500) return '/';
  return value;
}
