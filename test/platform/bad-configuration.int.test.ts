import { freePort, startServiceProcess } from '@chairside/testing';

// A wrong value stops a service before it touches the database or Kafka, naming the variable,
// with exit code 78 (EX_CONFIG) so a supervisor can tell it from a crash (70).
describe('a service with a wrong setting', () => {
  it.each([
    ['scheduling', 'CONSUMER_MAX_ATTEMPTS', 'abc'],
    ['notifications', 'DISPATCH_BATCH', 'lots'],
    ['sessions', 'DATABASE_PORT', '99999'],
  ] as const)('%s with %s=%s exits 78 naming it', async (service, name, value) => {
    const process = await startServiceProcess({ service, port: await freePort(), waitForReady: false, env: { [name]: value } });
    expect(await process.exited).toBe(78);
    // The line is JSON (pino): its quotes come escaped.
    expect(process.logs().replaceAll('\\"', '"')).toContain(`${name}="${value}" is invalid`);
  });
});
