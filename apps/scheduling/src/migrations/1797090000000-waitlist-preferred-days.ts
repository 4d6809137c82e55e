import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `waitlist_request.preferred_weekdays`: the days of the week the patient can come (ISO 1 = Monday
 * … 7 = Sunday, in the location's zone), ranked into which waiting request freed time goes to;
 * NULL when they did not say (any day).
 */
export class WaitlistPreferredDays1797090000000 implements MigrationInterface {
  name = 'WaitlistPreferredDays1797090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "waitlist_request" ADD "preferred_weekdays" smallint array`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "waitlist_request" DROP COLUMN "preferred_weekdays"`);
  }
}
