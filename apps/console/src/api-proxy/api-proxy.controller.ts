import { All, Controller, Inject, Param, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProblemException } from '@chairside/platform';
import { CurrentSession, SessionGuard } from '../sign-in/session.guard.js';
import type { ConsoleSession } from '../sign-in/session.store.js';
import { isServiceName, ServiceClient } from './service-client.js';

/**
 * The services' APIs for the browser, as the signed-in user: `/api/services/<service>/<path>` is
 * `<path>` at that service with the session's access token. The services decide what is allowed.
 */
@Controller('api/services')
@UseGuards(SessionGuard)
export class ApiProxyController {
  constructor(@Inject(ServiceClient) private readonly services: ServiceClient) {}

  @All(':service/*path')
  async forward(
    @Param('service') service: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentSession() session: ConsoleSession,
  ): Promise<void> {
    if (!isServiceName(service)) throw ProblemException.notFound('Service', service);
    const prefix = `/api/services/${service}`;
    const pathAndQuery = req.originalUrl.slice(prefix.length);
    if (!pathAndQuery.startsWith('/') || /^\/(docs|metrics|health)\b/.test(pathAndQuery))
      throw ProblemException.notFound('Path', pathAndQuery);
    const hasBody = !['GET', 'HEAD'].includes(req.method) && req.body !== undefined;
    const answer = await this.services.call(service, req.method, pathAndQuery, session.accessToken, {
      headers: req.headers,
      ...(hasBody ? { body: JSON.stringify(req.body) } : {}),
    });
    res.status(answer.status);
    if (answer.contentType) res.setHeader('content-type', answer.contentType);
    if (answer.etag) res.setHeader('etag', answer.etag);
    res.setHeader('cache-control', 'no-store');
    res.send(answer.body);
  }
}
