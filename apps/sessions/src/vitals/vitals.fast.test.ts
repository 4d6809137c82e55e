import { randomUUID } from 'node:crypto';
import type { UseCaseHarness } from '@chairside/testing';
import { anExpectedSession, sessionsHarness } from '../../test/builders/index.js';
import { RecordSessionStepUseCase } from '../session-lifecycle/record-session-step/record-session-step.use-case.js';
import { MAX_VITALS_PER_SESSION } from '../sessions/session-limits.js';
import { RecordVitalsUseCase } from './record-vitals/record-vitals.use-case.js';
import { type VitalsRow, VitalsWriter } from './record-vitals/vitals-writer.js';

let h: UseCaseHarness;
beforeAll(async () => {
  h = await sessionsHarness('vitals_batch');
});
afterAll(() => h?.close());

/** A session of its own organisation that has arrived (and so takes vital signs). */
async function arrivedSession() {
  const built = await anExpectedSession().build(h.dataSource);
  await h.get(RecordSessionStepUseCase).execute({
    appointmentId: built.session.appointmentId,
    command: { kind: 'check-in' },
    actorId: 'nurse-1',
    now: new Date(),
    organisationId: built.organisationId,
    locationId: built.locationId,
  });
  return built;
}

const rowFor = (s: Awaited<ReturnType<typeof arrivedSession>>, takenAt = new Date()): VitalsRow => ({
  id: randomUUID(),
  appointmentId: s.session.appointmentId,
  locationId: s.locationId,
  organisationId: s.organisationId,
  takenAt,
  recordedAt: new Date(),
  actorId: 'nurse-1',
  values: { heartRate: 72 },
});

describe('the vitals writer isolates each row of a shared batch (fast tier)', () => {
  it('one impossible row (year 0, a NUL byte) fails only its own request; the others of its batch are stored', async () => {
    const sessions = await Promise.all(Array.from({ length: 7 }, () => arrivedSession()));
    const writer = h.get(VitalsWriter);
    // The first VITALS_WRITE_CONCURRENCY writes go out at once, one statement each; what arrives while
    // they are in flight shares the next statement: the two impossible rows and five good ones.
    const concurrency = 4;
    const fillers = sessions.slice(0, concurrency).map((s) => writer.write(rowFor(s)));
    const yearZero = rowFor(sessions[4]!, new Date('0000-01-01T00:00:00Z'));
    const nul = { ...rowFor(sessions[5]!), actorId: 'nurse\u0000-1' };
    const good = [sessions[6]!, sessions[0]!, sessions[1]!].map((s) => rowFor(s));
    const shared = [writer.write(yearZero), writer.write(nul), ...good.map((r) => writer.write(r))];
    const outcomes = await Promise.allSettled([...fillers, ...shared]);

    expect(outcomes.slice(0, concurrency).every((o) => o.status === 'fulfilled' && o.value)).toBe(true);
    expect(outcomes[concurrency]!.status).toBe('rejected');
    expect(outcomes[concurrency + 1]!.status).toBe('rejected');
    for (const o of outcomes.slice(concurrency + 2)) {
      expect(o.status).toBe('fulfilled');
      expect((o as PromiseFulfilledResult<unknown>).value).toMatchObject({ state: expect.anything() });
    }
    const stored = (await h.dataSource.query('SELECT id FROM vital_signs WHERE id = ANY($1::uuid[])', [
      [yearZero.id, nul.id, ...good.map((r) => r.id)],
    ])) as Array<{ id: string }>;
    expect(stored.map((r) => r.id).sort()).toEqual(good.map((r) => r.id).sort());
  });
});

describe('a session records at most MAX_VITALS_PER_SESSION readings (fast tier)', () => {
  it('the last reading that fits is written; the next, ordinary or alerting, is 409 vitals-limit and writes nothing', async () => {
    const s = await arrivedSession();
    const vitals = h.get(RecordVitalsUseCase);
    const base = {
      organisationId: s.organisationId,
      locationId: s.locationId,
      appointmentId: s.session.appointmentId,
      actorId: 'nurse-1',
    };
    // One short of the limit, as if recorded before (the count is what the write decides on).
    await h.dataSource.query('UPDATE session SET vitals_count = $2 WHERE appointment_id = $1', [
      s.session.appointmentId,
      MAX_VITALS_PER_SESSION - 1,
    ]);
    await vitals.execute({ ...base, values: { heartRate: 72 }, now: new Date() });
    for (const values of [{ heartRate: 72 }, { temperatureC: 38.6 }])
      await expect(vitals.execute({ ...base, values, now: new Date() })).rejects.toMatchObject({
        problem: {
          status: 409,
          type: '/problems/vitals-limit',
          limit: MAX_VITALS_PER_SESSION,
          vitalsCount: MAX_VITALS_PER_SESSION,
        },
      });
    const [row] = (await h.dataSource.query(
      'SELECT s.vitals_count, (SELECT count(*)::int FROM vital_signs v WHERE v.session_id = s.appointment_id) AS stored FROM session s WHERE appointment_id = $1',
      [s.session.appointmentId],
    )) as Array<{ vitals_count: number; stored: number }>;
    expect(row).toEqual({ vitals_count: MAX_VITALS_PER_SESSION, stored: 1 });
  });

  it('readings of one session sent at once never pass the limit together', async () => {
    const s = await arrivedSession();
    await h.dataSource.query('UPDATE session SET vitals_count = $2 WHERE appointment_id = $1', [
      s.session.appointmentId,
      MAX_VITALS_PER_SESSION - 3,
    ]);
    const writer = h.get(VitalsWriter);
    const written = await Promise.all(Array.from({ length: 12 }, () => writer.write(rowFor(s))));
    const [row] = (await h.dataSource.query(
      'SELECT s.vitals_count, (SELECT count(*)::int FROM vital_signs v WHERE v.session_id = s.appointment_id) AS stored FROM session s WHERE appointment_id = $1',
      [s.session.appointmentId],
    )) as Array<{ vitals_count: number; stored: number }>;
    // However the twelve were batched, the count and the rows agree and stay within the limit.
    expect(row!.vitals_count).toBeLessThanOrEqual(MAX_VITALS_PER_SESSION);
    expect(row!.stored).toBe(row!.vitals_count - (MAX_VITALS_PER_SESSION - 3));
    expect(written.filter(Boolean)).toHaveLength(row!.stored);
  });
});
