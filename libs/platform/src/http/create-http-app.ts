import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { PinoNestLogger } from '../logging/logger.js';
import { requestContext } from '../logging/request-context.js';
import { histogram } from '../metrics/metrics.js';
import { InvalidTokenError, TokenVerifier } from '../auth/tokens.js';
import type { DocsAccess } from '../config/http-edge.config.js';
import { PROBLEM_CONTENT_TYPE, problemType } from './problem.js';
import { clientIpRateLimit, type RateLimit } from './rate-limit.js';

export interface HttpAppOptions {
  service: string;
  title: string;
  description: string;
  logger: Logger;
  /** Proxies whose X-Forwarded-For (and forwarded user agent) are believed (Express `trust proxy`). */
  trustedProxies?: readonly string[];
  /** Requests per client address (the per-user limit is the auth guard's, after the token is checked). */
  clientIpRateLimit?: RateLimit;
  /** Who may read `/docs` (default public) and the bearer secret `/metrics` needs (none: open). */
  docsAccess?: DocsAccess;
  metricsToken?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function createHttpApp(module: unknown, options: HttpAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module as never, {
    logger: new PinoNestLogger(options.logger),
    bufferLogs: true,
    bodyParser: false,
  });
  // First, so that answers the body parsers give (malformed or too large bodies) carry them too.
  app.use(securityHeaders());
  // Before the body parsers and token checks: a flood from one address costs a map lookup each.
  if (options.clientIpRateLimit) app.use(clientIpRateLimit(options.clientIpRateLimit));
  app.useBodyParser('json', { limit: '1mb', type: ['application/json', 'application/*+json'] });
  // Provider webhooks (an SMS provider's replies and status callbacks) arrive form-encoded.
  app.useBodyParser('urlencoded', { limit: '64kb', extended: false });
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // ETags here are resource versions set by the handlers; Express's own would hash every body.
  app.set('etag', false);
  // request.ip is the forwarded client only when the direct peer is a trusted proxy (the console).
  if (options.trustedProxies?.length) app.set('trust proxy', [...options.trustedProxies]);
  app.use(correlationAndMetrics());
  // Before the docs' routes (registered below) and the metrics controller (at init).
  app.use(operationalAccess(options.docsAccess ?? 'public', options.metricsToken, app.get(TokenVerifier)));
  const document = openApiDocument(app, options);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

export function openApiDocument(app: INestApplication, options: Pick<HttpAppOptions, 'title' | 'description'>): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(`${options.description}\n\nErrors are RFC 9457 problem+json documents; \`errors\` names each invalid field.`)
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * Security headers on every answer (what helmet sets for an API): no MIME sniffing, no framing, no
 * referrer, HTTPS only once seen over HTTPS, and a content security policy that allows nothing
 * except on the API docs page (which loads its own scripts and styles).
 */
export function securityHeaders() {
  return (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    res.setHeader('Cache-Control', 'no-store');
    if (!req.path.startsWith('/docs'))
      res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
    next();
  };
}

/** Adopts (or creates) a correlation id per request, and times every request by route. */
function correlationAndMetrics() {
  const duration = histogram(
    'chairside_http_request_duration_seconds',
    'HTTP request duration by route and status',
    ['method', 'route', 'status'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  );
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.header('x-correlation-id');
    const correlationId = given && UUID.test(given) ? given : randomUUID();
    res.setHeader('x-correlation-id', correlationId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      duration.labels(req.method, `${req.baseUrl ?? ''}${route}`, String(res.statusCode)).observe(seconds);
    });
    requestContext.run({ correlationId }, next);
  };
}

const DOCS = /^\/docs(?:[-/.]|$)/;
const METRICS = /^\/metrics(?:\/|$)/;

/**
 * `/docs` (the page, `/docs/openapi.json`, `/docs-yaml`) and `/metrics` are public by default,
 * as on a developer's machine. In production the docs can need any valid staff token or be
 * gone, and the metrics a scraper's bearer secret: they describe every route and the traffic.
 */
export function operationalAccess(docs: DocsAccess, metricsToken: string | undefined, verifier: Pick<TokenVerifier, 'verify'>) {
  const expected = metricsToken ? digest(metricsToken) : undefined;
  return (req: Request, res: Response, next: NextFunction) => {
    const refuse = (status: 401 | 404 | 503, slug: string, title: string, detail: string) => {
      if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      res
        .status(status)
        .type(PROBLEM_CONTENT_TYPE)
        .send(JSON.stringify({ type: problemType(slug), title, status, detail, instance: req.originalUrl }));
    };
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
    if (expected && METRICS.test(req.path)) {
      // Compared as digests in constant time: the comparison tells nothing of the secret's bytes.
      if (bearer && timingSafeEqual(digest(bearer), expected)) return next();
      return refuse(401, 'unauthorized', 'Unauthorized', "The metrics need the scraper's bearer token (METRICS_TOKEN).");
    }
    if (docs === 'public' || !DOCS.test(req.path)) return next();
    if (docs === 'off') return refuse(404, 'not-found', 'Not found', 'The API documentation is not served here.');
    if (!bearer) return refuse(401, 'unauthorized', 'Unauthorized', 'The API documentation needs a bearer token.');
    verifier.verify(bearer).then(
      () => next(),
      (error: unknown) =>
        error instanceof InvalidTokenError
          ? refuse(401, 'unauthorized', 'Unauthorized', `The token is not valid: ${error.message}.`)
          : refuse(503, 'identity-provider-unavailable', 'Service Unavailable', 'Tokens cannot be checked now.'),
    );
  };
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
