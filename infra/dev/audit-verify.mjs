// Walks the audit chain of each service's database and reports the first broken record.
//   npm run audit:verify [-- service…]     (exit 1 when any chain is broken)
// Uses the same DATABASE_* and <SERVICE>_DATABASE_NAME variables as `npm run migrate`. Needs built code.
import pg from 'pg';
import { ownerDatabaseConfigFromEnv } from '../../libs/database/dist/index.js';
import { verifyAuditChain } from '../../libs/audit/dist/audit-chain.js';
import { SERVICE_NAMES } from '../../libs/contracts/dist/services.js';
import { serviceEnv } from './migrate.mjs';

export async function verifyAuditTrails({ only = [], env = process.env, log = console.log } = {}) {
  let broken = 0;
  for (const name of SERVICE_NAMES.filter((s) => !only.length || only.includes(s))) {
    // As the service's owner role, not the administrator: reading its own database is all it needs.
    const config = ownerDatabaseConfigFromEnv(name, serviceEnv(name, env));
    const client = new pg.Client({
      host: config.host,
      port: config.port,
      user: config.user,
      password: config.password,
      database: config.database,
    });
    await client.connect();
    try {
      const verdict = await verifyAuditChain(async (sql, parameters) => (await client.query(sql, parameters)).rows, name);
      if (verdict.ok) {
        log(
          `[audit:verify] ${name}: intact, ${verdict.records} record(s)${verdict.records ? ` (${verdict.firstSeq}…${verdict.lastSeq})` : ''} in ${config.database}`,
        );
      } else {
        broken++;
        log(
          `[audit:verify] ${name}: BROKEN at record ${verdict.brokenSeq}: ${verdict.reason} (${verdict.records} record(s) verified before it, ${config.database})`,
        );
      }
    } finally {
      await client.end();
    }
  }
  return broken;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  verifyAuditTrails({ only: process.argv.slice(2).filter((a) => !a.startsWith('--')) }).then(
    (broken) => process.exit(broken ? 1 : 0),
    (error) => {
      console.error(`[audit:verify] failed: ${error.message}`);
      process.exit(2);
    },
  );
}
