import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devIdentityDir } from '@chairside/platform';
import { freePort, type IdentityProcess, startIdentityProcess } from '@chairside/testing';

const PASSWORD = 'chairside';
const REDIRECT = 'http://127.0.0.1:3010/auth/callback';
/** The provider's bound on its sign-in form (MAX_FORM_BYTES in src/provider.ts; the test runs its built process). */
const MAX_FORM_BYTES = 10_000;

/**
 * @runs-alone: refusals are held to 100 ms, which a busy neighbour on two cores could break.
 *
 * The identity provider's own page, the sign-in form: read up to 10,000 bytes and answered, one
 * byte more refused with 413 problem+json (on its Content-Length before it is read, or as a
 * stream without one), never cut short and read as a shorter form; the provider stays live.
 */
describe('identity: bounded work before any work', () => {
  let identity: IdentityProcess;

  beforeAll(async () => {
    const usersFile = join(mkdtempSync(join(tmpdir(), 'identity-bounds-')), 'users.json');
    writeFileSync(
      usersFile,
      JSON.stringify({ password: PASSWORD, users: [{ username: 'nurse', name: 'Nico', roles: ['nurse'], locations: '*' }] }),
    );
    identity = await startIdentityProcess({
      port: await freePort(),
      dataDir: devIdentityDir(process.env.IDENTITY_DATA_DIR),
      usersFile,
    });
  });
  afterAll(() => identity?.stop());

  /** A new sign-in as the console starts it: the form's address and the interaction's cookies. */
  const interaction = async (): Promise<{ action: string; cookie: string }> => {
    const verifier = randomBytes(32).toString('base64url');
    const query = new URLSearchParams({
      client_id: 'chairside-console',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: REDIRECT,
      state: randomBytes(8).toString('hex'),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    const started = await fetch(`${identity.issuer}/auth?${query}`, { redirect: 'manual' });
    expect(String(started.status)).toMatch(/^30[237]$/);
    const cookie = started.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    const page = await fetch(new URL(started.headers.get('location')!, identity.issuer), { headers: { cookie } });
    expect(page.status).toBe(200);
    const action = /action="(\/interaction\/[^"]+\/login)"/.exec(await page.text())![1]!;
    return { action: `${identity.issuer}${action}`, cookie };
  };

  /** The form with the right username and password, padded with a field of its own to exactly `bytes`. */
  const form = (bytes: number) => {
    const base = new URLSearchParams({ username: 'nurse', password: PASSWORD }).toString() + '&pad=';
    return base + 'x'.repeat(bytes - base.length);
  };

  const post = async (to: { action: string; cookie: string }, body: string | ReadableStream<Uint8Array>) => {
    const started = performance.now();
    const response = await fetch(to.action, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: to.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body,
      ...(typeof body === 'string' ? {} : { duplex: 'half' }),
    } as RequestInit);
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), text, ms: performance.now() - started };
  };

  const expectTooLarge = (answer: { status: number; type: string | null; text: string; ms: number }) => {
    expect(answer.status).toBe(413);
    expect(answer.type).toMatch(/application\/problem\+json/);
    expect(JSON.parse(answer.text)).toMatchObject({ status: 413, title: 'Payload too large' });
    expect(answer.ms).toBeLessThan(100);
  };

  it('a sign-in form of 10,000 bytes is read and signs in; 10,001 bytes are 413 problem+json, declared or streamed; the provider stays live', async () => {
    const pending = await interaction();
    // The first refusal warms the error path; every later one is held to 100 ms.
    await post(pending, form(MAX_FORM_BYTES + 1));
    for (let i = 0; i < 3; i++) expectTooLarge(await post(pending, form(MAX_FORM_BYTES + 1)));
    // Without a Content-Length: counted as it arrives, refused at the byte over the bound.
    const streamed = (text: string) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          const bytes = new TextEncoder().encode(text);
          for (let at = 0; at < bytes.length; at += 1_000) controller.enqueue(bytes.slice(at, at + 1_000));
          controller.close();
        },
      });
    for (let i = 0; i < 3; i++) expectTooLarge(await post(pending, streamed(form(MAX_FORM_BYTES + 1))));
    // The same interaction, a form of exactly 10,000 bytes: read whole, so the password is right and the sign-in goes on.
    const accepted = await post(pending, form(MAX_FORM_BYTES));
    expect(String(accepted.status)).toMatch(/^30[237]$/);
    // And a streamed form of 10,000 bytes in a new sign-in.
    const streamedAccepted = await post(await interaction(), streamed(form(MAX_FORM_BYTES)));
    expect(String(streamedAccepted.status)).toMatch(/^30[237]$/);
    expect((await fetch(`${identity.issuer}/.well-known/openid-configuration`)).status).toBe(200);
  });
});
