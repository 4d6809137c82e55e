import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A patient's sessions by location, for the audit trail's patient scope (GET /audit?patientId= by a center's staff). */
export class AuditPatientScope1796376891754 implements MigrationInterface {
  name = 'AuditPatientScope1796376891754';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "session_patient_idx" ON "session" ("patient_id", "location_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "session_patient_idx"`);
  }
}
