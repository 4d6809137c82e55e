import { randomUUID } from 'node:crypto';
import { ChairAddedV1, LocationRegisteredV1, LocationUpdatedV1 } from '@chairside/contracts';
import { created, type UseCaseHarness } from '@chairside/testing';
import { aLocation, aPatient, at, localDayAhead, schedulingHarness } from '../../test/builders/index.js';
import { BookAppointmentUseCase } from '../appointments/book-appointment/book-appointment.use-case.js';
import { AddChairUseCase } from './add-chair/add-chair.use-case.js';
import { RegisterLocationUseCase } from './register-location/register-location.use-case.js';
import { UpdateLocationUseCase } from './update-location/update-location.use-case.js';

let h: UseCaseHarness;
beforeAll(async () => {
  h = await schedulingHarness('locations');
});
afterAll(() => h?.close());

describe('locations (fast tier)', () => {
  it('registers a location and appends location.registered', async () => {
    const organisationId = randomUUID();
    const location = await created(
      h.get(RegisterLocationUseCase).execute({ organisationId, name: 'Madrid Norte', timeZone: 'Europe/Madrid' }),
    );
    expect(location.version).toBe(1);
    const [event, ...more] = await h.appendedEvents();
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      type: LocationRegisteredV1.type,
      aggregateid: location.id,
      aggregatesequence: 1,
      data: { locationId: location.id, organisationId, timeZone: 'Europe/Madrid' },
    });
  });

  it('updates a location at the version the caller saw and refuses a stale one', async () => {
    const { location, organisationId } = await aLocation().build(h.dataSource);
    await h.appendedEvents();
    const updated = await h
      .get(UpdateLocationUseCase)
      .execute({ organisationId, locationId: location.id, name: 'Renamed', expectedVersion: 1, now: new Date() });
    expect(updated).toMatchObject({ name: 'Renamed', version: 2 });
    expect((await h.appendedEvents()).map((e) => [e.type, e.aggregatesequence])).toEqual([[LocationUpdatedV1.type, 2]]);
    await expect(
      h
        .get(UpdateLocationUseCase)
        .execute({ organisationId, locationId: location.id, name: 'Again', expectedVersion: 1, now: new Date() }),
    ).rejects.toMatchObject({ problem: { status: 409 } });
    expect(await h.appendedEvents()).toEqual([]);
  });

  it('adds a chair once per label', async () => {
    const { location, organisationId } = await aLocation().withChairs(1).build(h.dataSource);
    const chair = await created(
      h.get(AddChairUseCase).execute({ organisationId, locationId: location.id, label: 'Chair 2', kind: 'bed' }),
    );
    expect((await h.appendedEvents()).map((e) => e.type)).toEqual([ChairAddedV1.type]);
    expect(chair.kind).toBe('bed');
    await expect(
      h.get(AddChairUseCase).execute({ organisationId, locationId: location.id, label: 'Chair 1', kind: 'bed' }),
    ).rejects.toMatchObject({ problem: { status: 409 } });
  });
  it('keeps the time zone while an appointment is to come there (409, nothing written); changes it once none is', async () => {
    const day = localDayAhead('Europe/Madrid', 7);
    const center = await aLocation().inZone('Europe/Madrid').withChairs(1).withNurses(1).staffedOn(day).build(h.dataSource);
    const { organisationId, location } = center;
    const patient = await aPatient().inOrganisation(organisationId).build(h.dataSource);
    const booking = await h.get(BookAppointmentUseCase).execute({
      organisationId,
      locationId: location.id,
      patientId: patient.id,
      therapyCode: 'hydration',
      startsAt: at('Europe/Madrid', day, '10:00'),
      now: new Date(),
    });
    expect(booking.status).toBe(201);
    await h.appendedEvents();
    const change = (now: Date) =>
      h.get(UpdateLocationUseCase).execute({ organisationId, locationId: location.id, timeZone: 'Atlantic/Canary', now });
    await expect(change(new Date())).rejects.toMatchObject({
      problem: { status: 409, type: '/problems/location-has-coming-appointments', comingAppointments: 1 },
    });
    expect(await h.appendedEvents()).toEqual([]);
    // The day after, the appointment is over: nothing is to come, and the zone changes.
    const updated = await change(new Date(at('Europe/Madrid', day, '10:00').getTime() + 2 * 86_400_000));
    expect(updated).toMatchObject({ timeZone: 'Atlantic/Canary', version: location.version + 1 });
    expect((await h.appendedEvents()).map((e) => e.type)).toEqual([LocationUpdatedV1.type]);
  });
});
