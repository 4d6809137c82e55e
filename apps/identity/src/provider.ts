import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import Provider, { errors, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Role } from '@chairside/domain';
import {
  DEV_AUDIENCE,
  DEV_ORGANISATION_ID,
  devIdentityDir,
  devSigningKeys,
  mintDevToken,
  problemType,
} from '@chairside/platform';
import type { IdentityConfig } from './config/identity.config.js';
import { DemoUsers } from './users.js';
import { loginPage } from './login-page.js';

/** The resource indicator (RFC 8707) of Chairside's API; its tokens carry `aud: chairside-api`. */
export const API_RESOURCE = 'urn:chairside:api';

/** Machine clients (client credentials), each with only the roles its job needs. */
export const MACHINE_CLIENTS: ReadonlyArray<{ clientId: string; roles: Role[]; why: string }> = [
  // Registering a center is an admin's act, and the simulator (npm start, bench:system) registers its own.
  { clientId: 'chairside-simulator', roles: ['admin'], why: 'registers centers, then books and plays visits' },
  // The single-service benchmarks seed their data in SQL and only book (scheduler), play sessions (nurse)
  // and read KPI reports (analyst, bench:kpis).
  { clientId: 'chairside-bench', roles: ['scheduler', 'nurse', 'analyst'], why: 'books, plays sessions, reads reports' },
  { clientId: 'chairside-chaos', roles: ['admin'], why: 'registers centers, drives the day, audits' },
];

export interface RunningIdentity {
  issuer: string;
  users: DemoUsers;
  server: Server;
  close(): Promise<void>;
}

function persistedCookieKeys(dir: string): string[] {
  const file = join(dir, 'cookie-keys.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as string[];
  } catch {
    mkdirSync(dir, { recursive: true });
    const keys = [randomBytes(32).toString('base64url')];
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
    return keys;
  }
}

export async function startIdentityProvider(config: IdentityConfig, usersFile: string): Promise<RunningIdentity> {
  if (config.NODE_ENV === 'production')
    throw new Error('apps/identity is a development identity provider; production uses the hospital identity provider');
  const dir = devIdentityDir(config.IDENTITY_DATA_DIR);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(config.IDENTITY_PORT, config.IDENTITY_HOST, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.IDENTITY_PORT;
  const issuer = config.IDENTITY_ISSUER ?? `http://${config.IDENTITY_HOST}:${port}`;

  const users = DemoUsers.load(usersFile, config.SCHEDULING_URL, (organisation) =>
    mintDevToken(
      { sub: 'chairside-identity', org: organisation, roles: ['admin'], locations: '*', client: 'chairside-identity' },
      { issuer, ttlSeconds: 60, nodeEnv: config.NODE_ENV, dir },
    ),
  );
  const machine: ClientMetadata[] = MACHINE_CLIENTS.map((c) => ({
    client_id: c.clientId,
    client_secret: config.IDENTITY_MACHINE_SECRET,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    chairside_roles: c.roles,
    chairside_locations: '*',
    chairside_organisation: DEV_ORGANISATION_ID,
  }));
  const consoleOrigin = new URL(config.IDENTITY_CONSOLE_REDIRECT_URIS[0] ?? 'http://127.0.0.1:3010/').origin;

  const configuration: Configuration = {
    clients: [
      {
        // The console's back end (BFF): a confidential client; the browser never holds tokens.
        client_id: 'chairside-console',
        client_secret: config.IDENTITY_CONSOLE_SECRET,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: config.IDENTITY_CONSOLE_REDIRECT_URIS,
        post_logout_redirect_uris: [`${consoleOrigin}/`],
      },
      ...machine,
    ],
    jwks: { keys: devSigningKeys(dir) as never },
    cookies: { keys: persistedCookieKeys(dir) },
    extraClientMetadata: { properties: ['chairside_roles', 'chairside_locations', 'chairside_organisation'] },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    pkce: { required: () => true },
    ttl: {
      AccessToken: 900,
      ClientCredentials: 900,
      IdToken: 900,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      RefreshToken: 8 * 3600,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== API_RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: 'api',
            audience: DEV_AUDIENCE,
            accessTokenTTL: 900,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // Refresh tokens for the console; they end with the sign-in session (logout) unless offline_access.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // First-party console: no consent screen; the grant covers sign-in and the API.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      if (!ctx.oidc.session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile offline_access');
      grant.addResourceScope(API_RESOURCE, 'api');
      await grant.save();
      return grant;
    },
    findAccount: (_ctx, sub) => {
      const user = users.find(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: () => ({ sub, name: user.name, preferred_username: user.username }) };
    },
    // Chairside's claims in the access token: roles, organisation, location grant.
    extraTokenClaims: async (_ctx, token) => {
      if (token.kind === 'ClientCredentials') {
        const client = await _ctx.oidc.provider.Client.find(token.clientId!);
        return {
          roles: client?.['chairside_roles'] ?? [],
          org: client?.['chairside_organisation'],
          locations: client?.['chairside_locations'] ?? [],
        };
      }
      const user = 'accountId' in token && token.accountId ? users.find(token.accountId) : undefined;
      if (!user) return undefined;
      return { roles: user.roles, org: user.organisation, locations: await users.locationsOf(user) };
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Sign-in error</title><h1>Sign-in error</h1><pre>${escapeHtml(JSON.stringify(out, null, 2))}</pre>`;
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.on('server_error', (_ctx, error) => console.error(`[identity] server error: ${error.message}`));
  const oidc = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/interaction/')) void interaction(provider, users, req, res);
    else oidc(req, res);
  });
  return {
    issuer,
    users,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The largest sign-in form read: a username and a password are a few hundred bytes. */
export const MAX_FORM_BYTES = 10_000;

class FormTooLarge extends Error {}

/** The posted form, refused (413) over MAX_FORM_BYTES: on its Content-Length before a byte is read, else as it arrives. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_FORM_BYTES) throw new FormTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Never cut short and read as a shorter form: a truncated password is a wrong one, said as such.
    if (size > MAX_FORM_BYTES) throw new FormTooLarge();
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The sign-in page: GET shows the form, POST checks the password and resumes the authorization. */
async function interaction(provider: Provider, users: DemoUsers, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(loginPage(details.uid, users.all, users.demoPassword));
      return;
    }
    if (req.method !== 'POST' || !req.url?.endsWith('/login')) {
      res.writeHead(405).end();
      return;
    }
    const form = await readForm(req);
    const user = users.authenticate(form.get('username') ?? '', form.get('password') ?? '');
    if (!user) {
      res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(loginPage(details.uid, users.all, users.demoPassword, 'Unknown user or wrong password.'));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: user.username } }, { mergeWithLastSubmission: false });
  } catch (error) {
    if (error instanceof FormTooLarge) {
      // As the services answer a body over their limit; the rest of the body is not read, so the connection closes.
      res.writeHead(413, { 'content-type': 'application/problem+json', 'cache-control': 'no-store', connection: 'close' });
      res.end(
        JSON.stringify({
          type: problemType('payload-too-large'),
          title: 'Payload too large',
          status: 413,
          detail: `The sign-in form is at most ${MAX_FORM_BYTES} bytes.`,
        }),
      );
      return;
    }
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(`sign-in failed: ${(error as Error).message}`);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
