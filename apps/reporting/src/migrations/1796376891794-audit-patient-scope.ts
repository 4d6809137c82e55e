import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A patient's visits by location, for the audit trail's patient scope (GET /audit?patientId= by a center's staff). */
export class AuditPatientScope1796376891794 implements MigrationInterface {
  name = 'AuditPatientScope1796376891794';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "visit_fact_patient_idx" ON "visit_fact" ("patient_id", "location_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "visit_fact_patient_idx"`);
  }
}
