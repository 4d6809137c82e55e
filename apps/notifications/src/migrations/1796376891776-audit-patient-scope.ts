import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A patient's appointments by location, for the audit trail's patient scope (GET /audit?patientId= by a center's staff). */
export class AuditPatientScope1796376891776 implements MigrationInterface {
  name = 'AuditPatientScope1796376891776';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "directory_appointment_patient_idx" ON "directory_appointment" ("patient_id", "location_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "directory_appointment_patient_idx"`);
  }
}
