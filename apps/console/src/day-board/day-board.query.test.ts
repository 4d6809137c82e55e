import { randomUUID } from 'node:crypto';
import type { ServiceClient } from '../api-proxy/service-client.js';
import type { LiveHub } from '../live-updates/live-hub.js';
import type { ConsoleSession } from '../sign-in/session.store.js';
import { DayBoardQuery } from './day-board.query.js';
import { PatientNames } from './patient-names.js';

// The composed board says where the location's live events stood when its read BEGAN: an event that
// arrives while the services are being asked moves the position on, so a stream that begins after
// it does not match and the browser reads the board again.
describe('the composed day board and the live position', () => {
  it('takes the position before any service is asked', async () => {
    const locationId = randomUUID();
    let eventsArrived = 0;
    const hub = { position: (id: string) => `epoch:${id === locationId ? eventsArrived : -1}` } as unknown as LiveHub;
    const answers: Record<string, unknown> = {
      [`/locations/${locationId}/board?date=2026-12-04`]: {
        locationId,
        date: '2026-12-04',
        timeZone: 'Europe/Madrid',
        chairs: [],
        nurses: [],
        sessions: [{ appointmentId: randomUUID(), patientId: 'p' }],
      },
      [`/locations/${locationId}`]: { id: locationId, name: 'Centro', timeZone: 'Europe/Madrid' },
      [`/locations/${locationId}/patient-names?date=2026-12-04`]: {
        patients: [{ patientId: 'p', givenName: 'Ana', familyName: 'Ruiz' }],
        truncated: false,
      },
      [`/locations/${locationId}/day-resources?date=2026-12-04`]: null,
    };
    const asked: string[] = [];
    const call = async (_service: string, _method: string, path: string) => {
      // Every question to a service: an event of the location arrives meanwhile.
      asked.push(path);
      eventsArrived++;
      const body = answers[path];
      return body === null ? { status: 403, body: '{"status":403}' } : { status: 200, body: JSON.stringify(body) };
    };
    const services = {
      call,
      getJson: async (service: string, path: string) => {
        const answer = await call(service, 'GET', path);
        return answer.status === 200 ? JSON.parse(answer.body) : undefined;
      },
    } as unknown as ServiceClient;
    const query = new DayBoardQuery(services, new PatientNames(services), hub);
    const session = { accessToken: 'token' } as ConsoleSession;

    const composed = await query.execute(session, locationId, '2026-12-04');
    expect(asked).toHaveLength(4);
    expect(composed.livePosition).toBe('epoch:0');
    expect(hub.position(locationId)).toBe('epoch:4');
    expect(composed.patients).toEqual({ p: { givenName: 'Ana', familyName: 'Ruiz' } });
  });
});
