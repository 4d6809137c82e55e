import { Writable } from 'node:stream';
import { createLogger } from './logger.js';
import { requestContext } from './request-context.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('test', 'info', stream), lines };
}

describe('service logs', () => {
  it('never write patient contact data, even when a whole object is logged', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        patient: {
          id: 'p-1',
          firstName: 'Ada',
          lastName: 'Lovelace',
          email: 'ada@example.org',
          phone: '+34600000000',
          dateOfBirth: '1815-12-10',
        },
      },
      'patient registered',
    );
    const out = lines.join('');
    expect(out).toContain('p-1');
    for (const secret of ['Ada', 'Lovelace', 'ada@example.org', '+34600000000', '1815-12-10']) expect(out).not.toContain(secret);
  });

  it('drop the parameters, row detail and SQL of database errors', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error('duplicate key value violates unique constraint "patient_email_key"'), {
      query: 'INSERT INTO patient (email) VALUES ($1)',
      parameters: ['ada@example.org'],
      detail: 'Key (email)=(ada@example.org) already exists.',
      driverError: { detail: 'Key (email)=(ada@example.org) already exists.' },
    });
    logger.error({ err: error }, 'insert failed');
    const out = lines.join('');
    expect(out).toContain('patient_email_key');
    expect(out).not.toContain('ada@example.org');
    expect(out).not.toContain('INSERT INTO');
  });

  it('carry the correlation id of the request or event being handled', () => {
    const { logger, lines } = capture();
    requestContext.run({ correlationId: 'c-42', eventId: 'e-7' }, () => logger.info('handled'));
    expect(JSON.parse(lines[0]!)).toMatchObject({
      service: 'test',
      correlationId: 'c-42',
      eventId: 'e-7',
      msg: 'handled',
      level: 'info',
    });
  });
});
