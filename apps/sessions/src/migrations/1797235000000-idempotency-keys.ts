import type { MigrationInterface, QueryRunner } from 'typeorm';
import { IdempotencyKeys1764230900000 } from '@chairside/platform';

/**
 * Sessions takes an Idempotency-Key on the POSTs that add to a chart (vitals, medications,
 * reactions): a nurse's tablet retries on a flaky ward network, and a retry must not chart twice.
 * The table is platform's, as in scheduling; its SQL is not repeated here.
 */
export class SessionsIdempotencyKeys1797235000000 implements MigrationInterface {
  name = 'SessionsIdempotencyKeys1797235000000';

  private readonly table = new IdempotencyKeys1764230900000();

  up(q: QueryRunner): Promise<void> {
    return this.table.up(q);
  }

  down(q: QueryRunner): Promise<void> {
    return this.table.down(q);
  }
}
