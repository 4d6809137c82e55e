import type { FactoryProvider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AUDIT_PATIENT_SCOPE, type AuditPatientScope } from './audit-patient-scope.js';
import { patientSeenAtLocationsScope } from './audit-patient-seen-at-locations.js';

const PATIENT = '3f2c1a9e-5b7d-4c1e-9a8b-0d6e2f4a1b3c';
const ORGANISATION = '0b1f5a3e-2c4d-4e6f-8a9b-1c2d3e4f5a6b';

/** The scope the module provides, over a database that answers `rows` and records what it was asked. */
function scopeOver(table: string, rows: unknown[]) {
  const asked: Array<{ sql: string; parameters: unknown[] }> = [];
  const dataSource = {
    query: (sql: string, parameters: unknown[]) => {
      asked.push({ sql, parameters });
      return Promise.resolve(rows);
    },
  } as unknown as DataSource;
  const provider = patientSeenAtLocationsScope(table).providers!.find(
    (p): p is FactoryProvider => typeof p === 'object' && 'provide' in p && p.provide === AUDIT_PATIENT_SCOPE,
  )!;
  return { scope: provider.useFactory(dataSource) as AuditPatientScope, asked };
}

describe('patientSeenAtLocationsScope', () => {
  it('places the patient by a row of the given table at the reader’s locations of their organisation', async () => {
    const { scope, asked } = scopeOver('visit_fact', [{ '?column?': 1 }]);
    expect(scope.registry).toBe(false);
    expect(await scope.sees(ORGANISATION, ['loc-a', 'loc-b'], PATIENT)).toBe(true);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.sql).toMatch(/^SELECT 1 FROM visit_fact t JOIN directory_location l /);
    expect(asked[0]!.parameters).toEqual([PATIENT, ['loc-a', 'loc-b'], ORGANISATION]);
  });

  it('does not see a patient the table has no row for there', async () => {
    const { scope } = scopeOver('session', []);
    expect(await scope.sees(ORGANISATION, ['loc-a'], PATIENT)).toBe(false);
  });

  it('answers a patient id that is not a uuid "not seen" without asking PostgreSQL', async () => {
    const { scope, asked } = scopeOver('directory_appointment', [{ '?column?': 1 }]);
    expect(await scope.sees(ORGANISATION, ['loc-a'], "x' OR 1=1 --")).toBe(false);
    expect(asked).toEqual([]);
  });

  it('refuses, at boot, a table that is not a plain SQL name', () => {
    for (const table of ['session; DROP TABLE audit_record', 'session t --', '"session"', 'Session', ''])
      expect(() => patientSeenAtLocationsScope(table)).toThrow('is not a plain table name');
  });
});
