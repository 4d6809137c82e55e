import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, In } from 'typeorm';
import { NotificationFailedV1, NotificationSentV1, NotificationSuppressedV1 } from '@chairside/contracts';
import { DEFAULT_THERAPIES, type TherapyCode } from '@chairside/domain';
import { UnitOfWork } from '@chairside/messaging';
import { counter, PeriodicTask, PINO_LOGGER } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { NotificationsConfig } from '../config/notifications.config.js';
import { AppointmentCopy, Contact, KnownLocation, KnownTherapySetting, SmsOptOut } from '../contacts/contact.entities.js';
import { SendError } from '../channels/channel.js';
import { EmailChannel } from '../channels/email.channel.js';
import { SmsChannel } from '../channels/sms.channel.js';
import { Message } from '../messages/message.entity.js';
import { idempotencyKey, recipientOf } from '../messages/plan-messages.use-case.js';
import { firstChannel } from '../planning/plan.js';
import { calendar } from '../rendering/calendar.js';
import { Renderer } from '../rendering/renderer.js';
import { Clock } from './clock.js';

const dispatchSettings = (config: NotificationsConfig) => ({
  intervalMs: config.DISPATCH_INTERVAL_MS,
  batch: config.DISPATCH_BATCH,
  concurrency: config.DISPATCH_CONCURRENCY,
  leaseMs: config.DISPATCH_LEASE_MS,
  maxAttempts: config.NOTIFICATIONS_MAX_ATTEMPTS,
  backoffMs: config.DISPATCH_BACKOFF_MS,
});

type Outcome = 'sent' | 'retrying' | 'failed' | 'suppressed' | 'cancelled';

/**
 * Sends what is due. Due rows are claimed with FOR UPDATE SKIP LOCKED and leased, so any number
 * of instances share the work and a row whose sender died is taken over when its lease lapses.
 * Each row is sent at most once per claim and recorded as sent in a transaction with its event;
 * a crash between the provider's acceptance and that record resends the same row (same
 * Message-ID, same idempotency key) after the lease.
 */
@Injectable()
export class Dispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly settings: ReturnType<typeof dispatchSettings>;
  private readonly task: PeriodicTask;
  private stopping = false;
  private readonly outcomes = counter('chairside_notifications_total', 'Messages by outcome and channel', ['outcome', 'channel']);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly renderer: Renderer,
    private readonly email: EmailChannel,
    private readonly sms: SmsChannel,
    private readonly clock: Clock,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) config: NotificationsConfig,
  ) {
    this.settings = dispatchSettings(config);
    this.task = new PeriodicTask('dispatcher', this.settings.intervalMs, () => this.drain(), logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  /** Runs a pass now unless one is running. */
  kick(): void {
    this.task.kick();
  }

  /** Full batches mean more is due: keep going until a batch comes back short. */
  private async drain(): Promise<void> {
    for (let claimed = await this.pass(); claimed === this.settings.batch && !this.stopping; claimed = await this.pass());
  }

  /** Claims one batch of due messages and sends them; returns how many it claimed. */
  async pass(): Promise<number> {
    const now = this.clock.now();
    const claimed = (await this.dataSource.query(
      `UPDATE message SET status = 'sending', lease_until = $2, attempts = attempts + 1, updated_at = now()
        WHERE id IN (SELECT id FROM message
                      WHERE (status IN ('scheduled', 'retrying') AND due_at <= $1) OR (status = 'sending' AND lease_until < $1)
                      ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [now, new Date(now.getTime() + this.settings.leaseMs), this.settings.batch],
    )) as [Array<{ id: string }>, number];
    const ids = claimed[0].map((r) => r.id);
    if (!ids.length) return 0;
    const messages = await this.dataSource.getRepository(Message).find({ where: { id: In(ids) } });
    const context = await this.context(messages);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(this.settings.concurrency, messages.length) }, async () => {
        while (next < messages.length) {
          const message = messages[next++]!;
          const outcome = await this.deliver(message, context).catch((error: unknown) => {
            this.logger.error(
              { component: 'dispatcher', messageId: message.id, err: error },
              'could not dispatch a message; it is retried after its lease',
            );
            return undefined;
          });
          if (outcome) this.outcomes.labels(outcome, message.channel).inc();
        }
      }),
    );
    return ids.length;
  }

  private async context(messages: Message[]) {
    const by = <T, K extends keyof T>(rows: T[], key: K) => new Map(rows.map((r) => [r[key], r]));
    const [contacts, appointments, locations] = await Promise.all([
      this.dataSource.getRepository(Contact).find({ where: { patientId: In([...new Set(messages.map((m) => m.patientId))]) } }),
      this.dataSource
        .getRepository(AppointmentCopy)
        .find({ where: { appointmentId: In([...new Set(messages.map((m) => m.appointmentId))]) } }),
      this.dataSource
        .getRepository(KnownLocation)
        .find({ where: { locationId: In([...new Set(messages.map((m) => m.locationId))]) } }),
    ]);
    const [therapies, optedOut] = await Promise.all([
      this.dataSource
        .getRepository(KnownTherapySetting)
        .find({ where: { organisationId: In([...new Set(locations.map((l) => l.organisationId))]) } }),
      this.dataSource
        .getRepository(SmsOptOut)
        .find({ where: { phone: In(contacts.map((c) => c.phone).filter((p): p is string => !!p)) } }),
    ]);
    return {
      optedOut: new Set(optedOut.map((o) => o.phone)),
      contacts: by(contacts, 'patientId'),
      appointments: by(appointments, 'appointmentId'),
      locations: by(locations, 'locationId'),
      therapies: new Map(therapies.map((t) => [`${t.organisationId}:${t.therapyCode}`, t.settings])),
    };
  }

  private async deliver(m: Message, c: Awaited<ReturnType<Dispatcher['context']>>): Promise<Outcome> {
    const now = this.clock.now();
    const contact = c.contacts.get(m.patientId) ?? null;
    const appointment = c.appointments.get(m.appointmentId);
    const location = c.locations.get(m.locationId);
    const recipient = recipientOf(contact);
    // Checked again at send time: consent and opt-outs change, appointments move.
    if (!recipient.consent) return this.suppress(m, 'no-consent', now);
    if (recipient.preferences.optOutKinds.includes(m.kind)) return this.suppress(m, 'opted-out', now);
    const address = m.channel === 'email' ? contact?.email : contact?.phone;
    if (!address) return this.suppress(m, 'no-contact', now);
    if (m.channel === 'sms' && c.optedOut.has(address)) return this.suppress(m, 'opted-out', now);
    if (!appointment || !location) return this.retry(m, 'the appointment or its location is not known here yet', now);
    if (m.kind === 'reminder' && (appointment.status !== 'booked' || appointment.startsAt.getTime() !== m.occurrence.getTime()))
      return this.suppress(m, 'appointment-changed', now);

    const therapy =
      c.therapies.get(`${location.organisationId}:${appointment.therapyCode}`) ??
      DEFAULT_THERAPIES[appointment.therapyCode as TherapyCode];
    const details = m.details;
    const start = appointment.startsAt;
    const end = appointment.endsAt;
    const rendered = this.renderer.render(m.kind, m.channel, {
      language: contact!.language,
      givenName: contact!.givenName,
      therapyCode: appointment.therapyCode as TherapyCode,
      therapyName: therapy.name,
      centerName: location.name,
      centerAddress: location.centerAddress,
      timeZone: location.timeZone,
      start,
      end,
      fasting: therapy.requiresFasting,
      mayDrive: therapy.mayDriveAfter,
      ...(details.previousStartsAt ? { previousStart: new Date(details.previousStartsAt) } : {}),
      ...(details.delayMinutes ? { delayMinutes: details.delayMinutes } : {}),
      ...(details.projectedStartsAt ? { projectedStart: new Date(details.projectedStartsAt) } : {}),
    });
    try {
      const withCalendar =
        m.kind === 'confirmation' || m.kind === 'reminder' || m.kind === 'reschedule' || m.kind === 'cancellation';
      const result =
        m.channel === 'email'
          ? await this.email.send({
              messageId: m.id,
              to: address,
              subject: rendered.subject,
              text: rendered.text,
              idempotencyKey: m.idempotencyKey,
              ...(withCalendar
                ? {
                    calendar: {
                      method: m.kind === 'cancellation' ? ('CANCEL' as const) : ('REQUEST' as const),
                      content: calendar({
                        uid: `${appointment.appointmentId}@chairside`,
                        sequence: appointment.sequence,
                        start,
                        end,
                        summary: `${therapy.name} – ${location.name}`,
                        location: location.centerAddress ?? location.name,
                        cancelled: m.kind === 'cancellation',
                        stamp: now,
                      }),
                    },
                  }
                : {}),
            })
          : await this.sms.send({ to: address, body: rendered.text, idempotencyKey: m.idempotencyKey });
      await this.unitOfWork.run(async (tx) => {
        const updated = (await tx.manager.query(
          `UPDATE message SET status = 'sent', provider_message_id = $2, sent_at = $3, lease_until = NULL, reason = NULL, updated_at = now() WHERE id = $1 AND status = 'sending' RETURNING id`,
          [m.id, result.providerMessageId, now],
        )) as [unknown[], number];
        if (!updated[0].length) return;
        await tx.publish(
          NotificationSentV1,
          { ...this.ref(m), sentAt: now.toISOString(), attempts: m.attempts, fallback: m.fallbackFor !== null },
          { aggregateId: m.id, aggregateSequence: m.attempts + 1, locationId: m.locationId },
        );
      });
      return 'sent';
    } catch (error) {
      if (!(error instanceof SendError)) throw error;
      if (error.transient && m.attempts < this.settings.maxAttempts) return this.retry(m, error.message, now);
      return this.fail(m, error.message, now, recipient);
    }
  }

  private ref(m: Message) {
    return {
      messageId: m.id,
      appointmentId: m.appointmentId,
      patientId: m.patientId,
      locationId: m.locationId,
      kind: m.kind,
      channel: m.channel,
      occurrence: m.occurrence.toISOString(),
      ...(m.offsetHours ? { offsetHours: m.offsetHours } : {}),
    };
  }

  /** Exponential backoff with jitter: base, 2×, 4×… capped at an hour. */
  private async retry(m: Message, reason: string, now: Date): Promise<Outcome> {
    const delay = Math.min(3_600_000, this.settings.backoffMs * 2 ** Math.max(0, m.attempts - 1)) * (0.8 + Math.random() * 0.4);
    await this.dataSource.query(
      `UPDATE message SET status = 'retrying', due_at = $2, reason = $3, lease_until = NULL, updated_at = now() WHERE id = $1 AND status = 'sending'`,
      [m.id, new Date(now.getTime() + delay), reason],
    );
    return 'retrying';
  }

  private async suppress(
    m: Message,
    reason: 'no-consent' | 'opted-out' | 'no-contact' | 'appointment-changed',
    now: Date,
  ): Promise<Outcome> {
    await this.unitOfWork.run(async (tx) => {
      const updated = (await tx.manager.query(
        `UPDATE message SET status = 'suppressed', reason = $2, lease_until = NULL, updated_at = now() WHERE id = $1 AND status = 'sending' RETURNING id`,
        [m.id, reason],
      )) as [unknown[], number];
      if (updated[0].length)
        await tx.publish(
          NotificationSuppressedV1,
          { ...this.ref(m), reason, suppressedAt: now.toISOString() },
          { aggregateId: m.id, aggregateSequence: m.attempts + 1, locationId: m.locationId },
        );
    });
    return 'suppressed';
  }

  /** The last attempt failed: dead-letter the row (kept as failed, with its error) and try the patient's next channel. */
  private async fail(m: Message, error: string, now: Date, recipient: ReturnType<typeof recipientOf>): Promise<Outcome> {
    const fallback = firstChannel(recipient, m.channel);
    await this.unitOfWork.run(async (tx) => {
      const updated = (await tx.manager.query(
        `UPDATE message SET status = 'failed', reason = $2, lease_until = NULL, updated_at = now() WHERE id = $1 AND status = 'sending' RETURNING id`,
        [m.id, error],
      )) as [unknown[], number];
      if (!updated[0].length) return;
      let fallbackId: string | undefined;
      if (fallback) {
        const id = randomUUID();
        const inserted = (
          await tx.manager
            .createQueryBuilder()
            .insert()
            .into(Message)
            .values({
              id,
              idempotencyKey: idempotencyKey(m.appointmentId, m.occurrence, m.kind, fallback, m.offsetHours),
              appointmentId: m.appointmentId,
              patientId: m.patientId,
              locationId: m.locationId,
              kind: m.kind,
              occurrence: m.occurrence,
              offsetHours: m.offsetHours,
              channel: fallback,
              status: 'scheduled',
              dueAt: now,
              details: m.details,
              fallbackFor: m.id,
            })
            .orIgnore()
            .execute()
        ).raw as unknown[];
        if (inserted.length) fallbackId = id;
      }
      await tx.publish(
        NotificationFailedV1,
        {
          ...this.ref(m),
          failedAt: now.toISOString(),
          attempts: m.attempts,
          error,
          ...(fallbackId ? { fallbackMessageId: fallbackId } : {}),
        },
        { aggregateId: m.id, aggregateSequence: m.attempts + 1, locationId: m.locationId },
      );
    });
    this.logger.warn(
      { component: 'dispatcher', messageId: m.id, channel: m.channel, error, fallback: fallback ?? null },
      'message failed after its last attempt',
    );
    return 'failed';
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.task.stop();
  }
}
