// The console's typed API client: each service's OpenAPI document (built from its controllers in
// Nest's preview mode: no database, no Kafka) turned into TypeScript types by openapi-typescript,
// in apps/console/web/src/api/generated/<service>.ts, used with openapi-fetch.
//   node infra/dev/openapi.mjs           write them (npm run generate:api)
//   node infra/dev/openapi.mjs --check   exit 1 when they differ from the services (npm test)
// Reads built code: run after `turbo run build`.
import 'reflect-metadata';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = `${ROOT}apps/console/web/src/api/generated/`;
const check = process.argv.includes('--check');

const { NestFactory } = await import('@nestjs/core');
const { default: openapiTS, astToString } = await import('openapi-typescript');
const { SERVICE_NAMES } = await import('../../libs/contracts/dist/services.js');
const { openApiDocument, createLogger } = await import('../../libs/platform/dist/index.js');
const { databaseConfig } = await import('../../libs/database/dist/index.js');

const capital = (s) => s[0].toUpperCase() + s.slice(1);
const stale = [];
mkdirSync(OUT, { recursive: true });
for (const service of SERVICE_NAMES) {
  const { [`${service}ConfigSchema`]: schema } = await import(`../../apps/${service}/dist/config/${service}.config.js`);
  const { [`${capital(service)}Module`]: root } = await import(`../../apps/${service}/dist/${service}.module.js`);
  const { [`${service}DataSource`]: dataSource } = await import(`../../apps/${service}/dist/database/data-source.js`);
  // What the schemas require; nothing is contacted (preview mode) or signed here.
  const config = schema.parse({
    AUTH_OIDC_ISSUER: 'http://127.0.0.1:1',
    SMS_AUTH_TOKEN: 'openapi-generation-only',
    SMS_WEBHOOK_BASE_URL: 'http://127.0.0.1:1',
  });
  const app = await NestFactory.create(
    root.forRoot(config, dataSource(databaseConfig(config)), createLogger(service, 'silent')),
    {
      preview: true,
      logger: false,
      abortOnError: false,
    },
  );
  const document = openApiDocument(app, { title: `Chairside ${service}`, description: `The ${service} service's API.` });
  await app.close();
  const types = astToString(await openapiTS(document, { alphabetize: true }));
  const text = `// Generated from the ${service} service's OpenAPI document by infra/dev/openapi.mjs (npm run generate:api). Do not edit.\n${types}`;
  const file = `${OUT}${service}.ts`;
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // not generated yet
  }
  if (current === text) continue;
  if (check) stale.push(`apps/console/web/src/api/generated/${service}.ts`);
  else writeFileSync(file, text);
}
if (stale.length) {
  console.error(
    `The console's API types differ from the services' APIs: ${stale.join(', ')}. Run npm run generate:api and commit them.`,
  );
  process.exit(1);
}
console.log(check ? '[openapi] the console API types are current' : `[openapi] wrote ${OUT}`);
process.exit(0);
