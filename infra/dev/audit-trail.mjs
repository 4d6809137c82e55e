// The audit trail of your organisation across every service, newest first (one merged list).
//   CHAIRSIDE_TOKEN=<an admin's or privacy officer's token> npm run audit:trail -- --from 2026-12-01T00:00:00Z \
//     [--to …] [--patient <id>] [--actor <sub>] [--resource-type <t>] [--resource-id <id>] [--action …] [--outcome …]
//     [--limit 100] [--cursor <next of the previous page>]
// Asks each service's GET /audit (SCHEDULING_URL, SESSIONS_URL, NOTIFICATIONS_URL, REPORTING_URL; the
// local ports by default) and prints one JSON record a line, then the cursor of the next page on stderr.
// Needs built code. Each service records the search in its own trail.
import { parseArgs } from 'node:util';
import { searchAuditTrailAcrossServices } from '../../libs/audit/dist/index.js';
import { DEFAULT_PORTS, SERVICE_NAMES } from '../../libs/contracts/dist/services.js';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    patient: { type: 'string' },
    actor: { type: 'string' },
    'resource-type': { type: 'string' },
    'resource-id': { type: 'string' },
    action: { type: 'string' },
    outcome: { type: 'string' },
    limit: { type: 'string' },
    cursor: { type: 'string' },
  },
});
const token = process.env.CHAIRSIDE_TOKEN;
if (!token || !values.from) {
  console.error('[audit:trail] needs CHAIRSIDE_TOKEN (admin or privacy officer, all locations) and --from <ISO instant>');
  process.exit(2);
}
const services = Object.fromEntries(
  SERVICE_NAMES.map((name) => [name, process.env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${DEFAULT_PORTS[name]}`]),
);
const defined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
try {
  const page = await searchAuditTrailAcrossServices(
    services,
    token,
    defined({
      from: values.from,
      to: values.to,
      patientId: values.patient,
      actor: values.actor,
      resourceType: values['resource-type'],
      resourceId: values['resource-id'],
      action: values.action,
      outcome: values.outcome,
      limit: values.limit ? Number(values.limit) : undefined,
      cursor: values.cursor,
    }),
  );
  for (const record of page.records) console.log(JSON.stringify(record));
  console.error(page.next ? `[audit:trail] more: --cursor ${page.next}` : '[audit:trail] end of the trail');
} catch (error) {
  console.error(`[audit:trail] failed: ${error.message}${error.body ? ` ${JSON.stringify(error.body)}` : ''}`);
  process.exit(1);
}
