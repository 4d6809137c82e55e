/**
 * A machine client's access token (OAuth 2.0 client credentials, RFC 6749 §4.4) from any OpenID
 * Connect issuer: the token endpoint comes from its discovery document. The token is reused
 * until a minute before it expires. The simulator, benchmarks and fault run sign in this way.
 */
export interface ClientCredentialsOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** RFC 8707 resource indicator, when the issuer wants one (the local provider defaults it). */
  resource?: string;
  scope?: string;
}

export class ClientCredentials {
  private current: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly options: ClientCredentialsOptions) {}

  async token(): Promise<string> {
    if (this.current && Date.now() < this.current.renewAt) return this.current.token;
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetchToken(): Promise<string> {
    const { issuer, clientId, clientSecret } = this.options;
    const discovery = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (!discovery.ok) throw new Error(`${issuer}: discovery answered ${discovery.status}`);
    const { token_endpoint: endpoint } = (await discovery.json()) as { token_endpoint?: string };
    if (!endpoint) throw new Error(`${issuer}: the discovery document has no token_endpoint`);
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (this.options.resource) form.set('resource', this.options.resource);
    if (this.options.scope) form.set('scope', this.options.scope);
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
      },
      body: form,
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { access_token?: string; expires_in?: number; error?: string };
    if (!response.ok || !body.access_token)
      throw new Error(`${clientId} could not get a token from ${issuer}: ${body.error ?? response.status}`);
    const lifetime = (body.expires_in ?? 300) * 1000;
    this.current = { token: body.access_token, renewAt: Date.now() + Math.max(lifetime - 60_000, lifetime / 2) };
    return body.access_token;
  }
}
