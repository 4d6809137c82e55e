import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The copy of scheduling's resources is named like every service's copy of another's data
 * (directory_*). Renamed, not recreated: the rows stay, so no replay is needed.
 */
export class DirectoryTables1796192200000 implements MigrationInterface {
  name = 'DirectoryTables1796192200000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['location', 'chair', 'nurse', 'therapy_setting']) {
      await q.query(`ALTER TABLE "known_${table}" RENAME TO "directory_${table}"`);
      await q.query(`ALTER TABLE "directory_${table}" RENAME CONSTRAINT "PK_known_${table}" TO "PK_directory_${table}"`);
    }
    await q.query(`ALTER INDEX "known_chair_location_idx" RENAME TO "directory_chair_location_idx"`);
    await q.query(`ALTER INDEX "known_nurse_location_idx" RENAME TO "directory_nurse_location_idx"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX "directory_nurse_location_idx" RENAME TO "known_nurse_location_idx"`);
    await q.query(`ALTER INDEX "directory_chair_location_idx" RENAME TO "known_chair_location_idx"`);
    for (const table of ['location', 'chair', 'nurse', 'therapy_setting']) {
      await q.query(`ALTER TABLE "directory_${table}" RENAME CONSTRAINT "PK_directory_${table}" TO "PK_known_${table}"`);
      await q.query(`ALTER TABLE "directory_${table}" RENAME TO "known_${table}"`);
    }
  }
}
