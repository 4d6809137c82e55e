import type { MigrationInterface, QueryRunner } from 'typeorm';

/** [old name, new name]: the copy of scheduling's data is named like every service's copy (directory_*). */
const RENAMES = [
  ['contact', 'directory_contact'],
  ['known_location', 'directory_location'],
  ['known_therapy_setting', 'directory_therapy_setting'],
  ['appointment_copy', 'directory_appointment'],
] as const;

/**
 * Renamed, not recreated: the rows stay (contacts arrive on a compacted topic and are not
 * replayed). Messages, reminder settings, SMS opt-outs and replies are notifications' own and keep their names.
 */
export class DirectoryTables1796192200000 implements MigrationInterface {
  name = 'DirectoryTables1796192200000';

  async up(q: QueryRunner): Promise<void> {
    for (const [from, to] of RENAMES) {
      await q.query(`ALTER TABLE "${from}" RENAME TO "${to}"`);
      await q.query(`ALTER TABLE "${to}" RENAME CONSTRAINT "PK_${from}" TO "PK_${to}"`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [from, to] of RENAMES) {
      await q.query(`ALTER TABLE "${to}" RENAME CONSTRAINT "PK_${to}" TO "PK_${from}"`);
      await q.query(`ALTER TABLE "${to}" RENAME TO "${from}"`);
    }
  }
}
