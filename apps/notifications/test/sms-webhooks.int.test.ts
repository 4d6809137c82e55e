import { request } from 'node:http';
import { DEV_SMS_AUTH_TOKEN } from '@chairside/platform';
import {
  type ServiceProcess,
  signProviderWebhook,
  startOnOwnDatabase,
  stopAndDrop,
  type TestDatabase,
  testRunId,
  useOwnTopics,
} from '@chairside/testing';
import { notificationsDataSourceOptions } from '../src/database/data-source.js';

interface Sent {
  status: number;
  type: string;
  body: string;
}

/**
 * Posts a form to the service as the provider would, with `host` as the Host header (a client
 * chooses it freely, which is why the service must not sign over it).
 */
function post(url: string, form: Record<string, string>, signature: string, host?: string): Promise<Sent> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-twilio-signature': signature,
          ...(host ? { host } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('SMS provider webhooks on a running notifications service: forged, misaddressed and replayed requests are refused', () => {
  const restoreTopics = useOwnTopics('webhooks');
  afterAll(restoreTopics);
  const runId = testRunId('webhooks');
  let db: TestDatabase;
  let notifications: ServiceProcess;

  beforeAll(async () => {
    // SMS_WEBHOOK_BASE_URL is the service's own URL (libs/testing service-process): what the provider is told to call.
    ({ db, service: notifications } = await startOnOwnDatabase({
      service: 'notifications',
      runId,
      dataSourceOptions: notificationsDataSourceOptions,
    }));
  });
  afterAll(() => stopAndDrop(notifications, db));

  const inbound = () => `${notifications.url}/webhooks/sms/inbound`;
  const phone = `+1312555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  const optedOut = async () => (await db.query(`SELECT 1 FROM sms_opt_out WHERE phone = $1`, [phone])).length > 0;
  const signed = (form: Record<string, string>, url = inbound()) => signProviderWebhook(DEV_SMS_AUTH_TOKEN, url, form);

  it('refuses a forged signature, a signature by another token, and one over a URL taken from the Host header', async () => {
    const stop = { From: phone, Body: 'STOP', MessageSid: 'SM00000000000000000000000000000f01' };
    expect((await post(inbound(), stop, 'forged')).status).toBe(403);
    expect((await post(inbound(), stop, signProviderWebhook('another-accounts-auth-token', inbound(), stop))).status).toBe(403);
    // Signed for the host the caller names: the service checks the configured public URL instead.
    const elsewhere = 'http://attacker.example/webhooks/sms/inbound';
    const misaddressed = await post(inbound(), stop, signed(stop, elsewhere), 'attacker.example');
    expect(misaddressed.status).toBe(403);
    expect(misaddressed.type).toMatch(/application\/problem\+json/);
    expect(await optedOut()).toBe(false);
  });

  it('applies a signed reply once: the same request replayed is answered 200 and changes nothing', async () => {
    const stop = { From: phone, Body: 'STOP', MessageSid: 'SM00000000000000000000000000000a01' };
    const first = await post(inbound(), stop, signed(stop));
    expect(first.status).toBe(200);
    expect(first.body).toContain('no more text messages');
    expect(await optedOut()).toBe(true);

    const start = { From: phone, Body: 'START', MessageSid: 'SM00000000000000000000000000000a02' };
    expect((await post(inbound(), start, signed(start))).status).toBe(200);
    expect(await optedOut()).toBe(false);

    // The captured STOP, byte for byte: not applied again, nothing texted back.
    const replay = await post(inbound(), stop, signed(stop));
    expect(replay.status).toBe(200);
    expect(replay.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(await optedOut()).toBe(false);
    expect(await db.query(`SELECT event FROM sms_webhook_receipt WHERE message_sid = $1`, [stop.MessageSid])).toEqual([
      { event: 'inbound' },
    ]);
  });

  it('refuses a signed request without a provider message id (a replay could not be told apart), naming the field', async () => {
    const bare = { From: phone, Body: 'STOP' };
    const refused = await post(inbound(), bare, signed(bare));
    expect(refused.status).toBe(400);
    expect(refused.type).toMatch(/application\/problem\+json/);
    expect(JSON.parse(refused.body)).toMatchObject({ errors: [{ field: 'MessageSid' }] });
    expect(await optedOut()).toBe(false);
  });
});
