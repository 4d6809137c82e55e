import { Inject, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console.config.js';

export interface TokenSet {
  accessToken: string;
  expiresAt: number;
  refreshToken?: string;
  idToken?: string;
  name?: string;
  username?: string;
}

/**
 * The console's OpenID Connect client (openid-client, certified): authorization code with PKCE,
 * as a confidential client (client_secret_basic). Discovery is fetched on first use and again
 * after a failure.
 */
@Injectable()
export class OidcClient {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(@Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig) {}

  private discovered(): Promise<oidc.Configuration> {
    const issuer = new URL(this.config.AUTH_OIDC_ISSUER);
    this.configuration ??= oidc
      .discovery(
        issuer,
        this.config.CONSOLE_CLIENT_ID,
        undefined,
        oidc.ClientSecretBasic(this.config.CONSOLE_CLIENT_SECRET),
        // A loopback development issuer speaks plain HTTP; any other must be HTTPS.
        issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname)
          ? { execute: [oidc.allowInsecureRequests], timeout: 5 }
          : { timeout: 5 },
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  async authorizationUrl(redirectUri: string, state: string, nonce: string, codeVerifier: string): Promise<URL> {
    const configuration = await this.discovered();
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
  }

  async exchange(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<TokenSet> {
    const configuration = await this.discovered();
    const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: expected.codeVerifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      idTokenExpected: true,
    });
    return tokenSet(tokens);
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    return tokenSet(await oidc.refreshTokenGrant(await this.discovered(), refreshToken));
  }

  /** Where the browser goes to end the provider's session too (RP-initiated logout), if the provider offers it. */
  async endSessionUrl(idToken: string | undefined, postLogoutRedirectUri: string): Promise<string | undefined> {
    const configuration = await this.discovered();
    if (!configuration.serverMetadata().end_session_endpoint) return undefined;
    return oidc
      .buildEndSessionUrl(configuration, {
        ...(idToken ? { id_token_hint: idToken } : {}),
        post_logout_redirect_uri: postLogoutRedirectUri,
        client_id: this.config.CONSOLE_CLIENT_ID,
      })
      .toString();
  }

  async revoke(refreshToken: string): Promise<void> {
    const configuration = await this.discovered();
    if (configuration.serverMetadata().revocation_endpoint) await oidc.tokenRevocation(configuration, refreshToken);
  }
}

function tokenSet(tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): TokenSet {
  const claims = tokens.claims();
  const name = typeof claims?.name === 'string' ? claims.name : undefined;
  const username = typeof claims?.preferred_username === 'string' ? claims.preferred_username : undefined;
  return {
    accessToken: tokens.access_token,
    expiresAt: Date.now() + (tokens.expiresIn() ?? 300) * 1000,
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
    ...(name ? { name } : {}),
    ...(username ? { username } : {}),
  };
}
