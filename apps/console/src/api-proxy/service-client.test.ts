import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConsoleConfig } from '../config/console.config.js';
import { withClientOrigin } from './client-origin.js';
import { ServiceClient } from './service-client.js';

describe('the console tells a service where the person is (for its audit trail)', () => {
  let server: Server;
  let received: IncomingHttpHeaders[] = [];
  let client: ServiceClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req.headers);
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new ServiceClient({
      SCHEDULING_URL: url,
      SESSIONS_URL: url,
      NOTIFICATIONS_URL: url,
      REPORTING_URL: url,
    } as ConsoleConfig);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (received = []));

  it("forwards the person's IP and user agent, replacing what the browser claimed", async () => {
    await withClientOrigin({ ip: '203.0.113.7', userAgent: 'Firefox/140.0' }, () =>
      client.call('sessions', 'GET', '/locations/x/board', 'token', {
        headers: { 'x-forwarded-for': '10.9.9.9', 'x-forwarded-user-agent': 'forged', 'user-agent': 'Firefox/140.0' },
      }),
    );
    expect(received[0]).toMatchObject({
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-user-agent': 'Firefox/140.0',
      authorization: 'Bearer token',
    });
  });

  it('sends no origin outside a request', async () => {
    await client.getJson('scheduling', '/locations/x', 'token');
    expect(received[0]?.['x-forwarded-for']).toBeUndefined();
    expect(received[0]?.['x-forwarded-user-agent']).toBeUndefined();
  });
});
