import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type AuditedOptions, AuditTrail, linkAuditEntry } from '@chairside/audit';
import { Public, requestContext } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { NotificationsConfig } from '../config/notifications.config.js';
import { calendar } from '../rendering/calendar.js';
import { Renderer } from '../rendering/renderer.js';
import { AnswerByLinkUseCase, type LinkIntent } from './answer-by-link/answer-by-link.use-case.js';
import { appointmentPage, cancelQuestionPage, expiredPage, type Notice } from './appointment-page.js';
import { invalidLinkPage, PAGE_CSP } from './page-html.js';
import { readPatientLink } from './patient-link.js';
import { type PatientPageView, PatientPageQuery } from './patient-page.query.js';

const DONE: Record<LinkIntent, Notice> = {
  confirm: 'confirmed',
  reschedule: 'rescheduleAsked',
  cancel: 'cancelAsked',
  'accept-offer': 'offerTaken',
};

/**
 * The patient's page for one appointment, opened from the signed link in a message: no login, the
 * link is the key. An altered link is refused (404) and an expired one too (410), each with a page
 * that says what to do. Answers post back to the same link and go through AnswerByLinkUseCase.
 * Every look and answer, and every expired link refused, leaves one audit record (the link as the
 * actor, see linkAuditEntry), written before the page leaves: no record, no disclosure.
 */
@ApiExcludeController()
@Controller('p')
export class PatientPageController {
  constructor(
    private readonly query: PatientPageQuery,
    private readonly answers: AnswerByLinkUseCase,
    private readonly renderer: Renderer,
    private readonly trail: AuditTrail,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  @Get(':token')
  @Public()
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const now = new Date();
    const view = await this.open(token, now, 'read', req, res);
    if (view) await this.disclose(view, 'read', req, res, 200, appointmentPage(this.renderer, view, token, now));
  }

  @Get(':token/cancel')
  @Public()
  async cancelQuestion(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const now = new Date();
    const view = await this.open(token, now, 'read', req, res);
    if (view) await this.disclose(view, 'read', req, res, 200, cancelQuestionPage(view, token, now));
  }

  @Get(':token/calendar.ics')
  @Public()
  async calendar(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const now = new Date();
    const view = await this.open(token, now, 'read', req, res);
    if (!view) return;
    if (!view.startsAt || !view.endsAt) return this.disclose(view, 'read', req, res, 404, expiredPage(view));
    await this.record(view, 'read', req, res, 200);
    res
      .status(200)
      .type('text/calendar; charset=utf-8')
      .setHeader('content-disposition', 'attachment; filename="appointment.ics"')
      .send(
        calendar({
          uid: `${view.appointmentId}@chairside`,
          sequence: view.sequence,
          start: view.startsAt,
          end: view.endsAt,
          summary: `${view.ownTherapy?.name ?? view.therapy?.name ?? view.therapyCode ?? ''} – ${view.centerName}`,
          location: view.centerAddress ?? view.centerName,
          cancelled: view.status === 'cancelled',
          stamp: now,
        }),
      );
  }

  @Post(':token/:answer')
  @Public()
  @HttpCode(200)
  async answer(
    @Param('token') token: string,
    @Param('answer') answer: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const intent = ({ confirm: 'confirm', reschedule: 'reschedule', cancel: 'cancel', take: 'accept-offer' } as const)[
      answer as 'confirm'
    ];
    if (!intent) return this.html(res, 404, invalidLinkPage());
    const now = new Date();
    const view = await this.open(token, now, 'update', req, res);
    if (!view) return;
    const result = await this.answers.execute({ messageId: view.messageId, intent, at: now });
    const after = (await this.query.view(view.messageId)) ?? view;
    await this.disclose(
      view,
      'update',
      req,
      res,
      result === 'done' ? 200 : 409,
      appointmentPage(this.renderer, after, token, now, result === 'done' ? DONE[intent] : 'notPossible'),
    );
  }

  /**
   * The link's appointment, or the refusal already answered. An altered link reaches no one's data
   * and is not recorded; an expired one (its signature holds) is recorded as refused.
   */
  private async open(
    token: string,
    now: Date,
    action: AuditedOptions['action'],
    req: Request,
    res: Response,
  ): Promise<PatientPageView | undefined> {
    const link = readPatientLink(this.config.PATIENT_LINK_KEY, token, now);
    if (link === 'altered') return void this.html(res, 404, invalidLinkPage());
    if (link === 'expired') {
      const [messageId] = token.split('.');
      const view = messageId ? await this.query.view(messageId) : undefined;
      if (view) await this.record(view, action, req, res, 410, true);
      return void this.html(res, 410, expiredPage(view));
    }
    const view = await this.query.view(link.messageId);
    if (!view) return void this.html(res, 404, invalidLinkPage());
    // The events an answer causes name the link as their actor, as its audit record does.
    const ctx = requestContext.current();
    if (ctx) ctx.actor = `patient-link:${view.messageId}`;
    return view;
  }

  private record(
    view: PatientPageView,
    action: AuditedOptions['action'],
    req: Request,
    res: Response,
    status: number,
    refused = false,
  ): Promise<void> {
    return this.trail.append(
      linkAuditEntry(
        req,
        res,
        {
          messageId: view.messageId,
          organisationId: view.organisationId,
          resource: 'appointment',
          resourceId: view.appointmentId,
          patientId: view.patientId,
          action,
        },
        status,
        refused,
      ),
    );
  }

  /** Records, then sends: if the record cannot be written the page is not shown. */
  private async disclose(
    view: PatientPageView,
    action: AuditedOptions['action'],
    req: Request,
    res: Response,
    status: number,
    body: string,
  ): Promise<void> {
    await this.record(view, action, req, res, status);
    this.html(res, status, body);
  }

  private html(res: Response, status: number, body: string): void {
    res.status(status).setHeader('Content-Security-Policy', PAGE_CSP).type('text/html; charset=utf-8').send(body);
  }
}
