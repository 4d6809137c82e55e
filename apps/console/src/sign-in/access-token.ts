import { Inject, Injectable } from '@nestjs/common';
import { type AuthenticatedUser, TokenVerifier } from '@chairside/platform';

/**
 * The user behind an access token, checked exactly as the services check it (issuer, audience,
 * algorithm, lifetime, claim mapping): the console shows what the services will allow.
 */
@Injectable()
export class AccessTokenReader {
  constructor(@Inject(TokenVerifier) private readonly verifier: TokenVerifier) {}

  read(accessToken: string): Promise<AuthenticatedUser> {
    return this.verifier.verify(accessToken);
  }
}
