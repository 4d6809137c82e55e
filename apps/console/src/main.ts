#!/usr/bin/env node
// The staff console: its back end (BFF) and the web app it serves. `npm start` runs it on 3010.
import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { kafkaConnection } from '@chairside/messaging';
import {
  assertNoDevelopmentValues,
  clientIpRateLimit,
  ConfigError,
  createLogger,
  loadConfig,
  PinoNestLogger,
} from '@chairside/platform';
import { consoleConfigSchema, publicUrl, type ConsoleConfig } from './config/console.config.js';
import { ConsoleModule } from './console.module.js';
import { clientOrigin } from './api-proxy/client-origin.js';
import { securityHeaders, webApp } from './web-app/web-app.js';

let config: ConsoleConfig;
try {
  config = loadConfig(consoleConfigSchema);
  // With NODE_ENV=production, no published development value (client secret, issuer, plain-http origin).
  assertNoDevelopmentValues('console');
  // The live updates read patients' appointments from Kafka: TLS and SASL in production, as the services.
  kafkaConnection(config);
} catch (error) {
  createLogger('console').fatal(error instanceof ConfigError ? error.message : (error as Error).message);
  process.exit(78);
}
const logger = createLogger('console', config.LOG_LEVEL);
const app = await NestFactory.create<NestExpressApplication>(ConsoleModule.forRoot(config, logger), {
  logger: new PinoNestLogger(logger),
  bufferLogs: true,
  bodyParser: false,
});
app.useBodyParser('json', { limit: '1mb', type: ['application/json', 'application/*+json'] });
app.disable('x-powered-by');
app.set('etag', false);
app.set('query parser', 'simple');
app.use(securityHeaders);
app.use(clientIpRateLimit({ perMinute: config.RATE_LIMIT_CLIENT_IP_PER_MINUTE, burst: config.RATE_LIMIT_CLIENT_IP_BURST }));
app.use(clientOrigin);
app.use(webApp(config.CONSOLE_WEB_DIR ?? fileURLToPath(new URL('./web', import.meta.url))));
app.enableShutdownHooks();
await app.listen(config.PORT, config.HOST);
// One line a parent process (npm start, the tests) waits for.
console.log(JSON.stringify({ url: publicUrl(config), msg: 'console is listening' }));
