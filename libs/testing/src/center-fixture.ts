import type { DateTime } from 'luxon';
import { call } from './http.js';
import { tokenFor } from './tokens.js';

/**
 * Builds a center through the public API: hours, chairs, nurses with a shift on `day`.
 * Acts as the center's own admin (limited to its one location) once the center exists.
 */
export class CenterFixture {
  /** Registering a location is an act of the whole organisation (POST /locations is organisation-wide). */
  readonly organisationAdmin = tokenFor(['admin'], '*');
  locationId = '';
  private centerAdmin = '';

  /** The admin of this center only: what a test does at the center, it does without an all-locations grant. */
  get admin(): string {
    if (!this.centerAdmin) throw new Error('the center does not exist yet: call create() first');
    return this.centerAdmin;
  }

  constructor(
    private readonly url: string,
    readonly zone: string,
    readonly day: DateTime,
  ) {}

  async post<T = any>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    const token = path === '/locations' ? this.organisationAdmin : this.admin;
    const response = await call('POST', `${this.url}${path}`, { token, body, headers });
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as T;
  }

  async create(options: {
    chairs: number;
    nurses: number;
    capacity: number;
    name?: string;
    centerAddress?: string;
  }): Promise<this> {
    this.locationId = (
      await this.post('/locations', {
        name: options.name ?? 'Test Center',
        timeZone: this.zone,
        ...(options.centerAddress ? { centerAddress: options.centerAddress } : {}),
      })
    ).id;
    this.centerAdmin = tokenFor(['admin'], [this.locationId]);
    const hours = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), [{ opens: '08:00', closes: '18:00' }]]));
    const put = await call('PUT', `${this.url}/locations/${this.locationId}/hours`, {
      token: this.admin,
      body: { weeklyHours: hours },
    });
    if (put.status !== 200) throw new Error(`hours: ${put.status} ${JSON.stringify(put.body)}`);
    for (let i = 1; i <= options.chairs; i++)
      await this.post(`/locations/${this.locationId}/chairs`, { label: `Chair ${i}`, kind: 'recliner' });
    for (let i = 1; i <= options.nurses; i++) {
      const nurse = await this.post(`/locations/${this.locationId}/nurses`, {
        displayName: `Nurse ${i}`,
        certifications: ['infusion'],
        capacity: options.capacity,
        startWindowMinutes: 15,
      });
      await this.post(`/locations/${this.locationId}/nurses/${nurse.id}/shifts`, {
        startsAt: this.day.set({ hour: 7 }).toISO(),
        endsAt: this.day.set({ hour: 17 }).toISO(),
      });
    }
    return this;
  }

  async patients(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++)
      ids.push(
        (
          await this.post('/patients', {
            givenName: `Test${i}`,
            familyName: 'Patient',
            dateOfBirth: '1970-01-01',
            locationId: this.locationId,
          })
        ).id,
      );
    return ids;
  }

  at(hour: number, minute = 0): string {
    return this.day.set({ hour, minute }).toUTC().toISO()!;
  }
}
