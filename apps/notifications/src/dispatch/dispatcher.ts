import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { DEFAULT_THERAPIES, type TherapyCode } from '@chairside/domain';
import { counter, PeriodicTask, PINO_LOGGER } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { NotificationsConfig } from '../config/notifications.config.js';
import { SendError } from '../channels/channel.js';
import type { Message } from '../messages/message.entity.js';
import { recipientOf } from '../planning/recipient.js';
import { afterQuietHours, firstChannel } from '../planning/plan.js';
import { emailAddressHash } from '../bounces/email-address-hash.js';
import { endOfDay } from '../messages/plan-follow-up/plan-follow-up.use-case.js';
import { ClaimDueMessages, type DispatchContext } from './claim-due-messages.js';
import { Clock } from './clock.js';
import { type Outcome, RecordOutcome } from './record-outcome.js';
import { SendMessage } from './send-message.js';

const dispatchSettings = (config: NotificationsConfig) => ({
  intervalMs: config.DISPATCH_INTERVAL_MS,
  batch: config.DISPATCH_BATCH,
  concurrency: config.DISPATCH_CONCURRENCY,
  leaseMs: config.DISPATCH_LEASE_MS,
  maxAttempts: config.NOTIFICATIONS_MAX_ATTEMPTS,
  backoffMs: config.DISPATCH_BACKOFF_MS,
});

/**
 * After this a message is noise, as planning judged it (plan-*.use-case.ts `latest`): an offer
 * once its hold lapses, discharge advice after the day of the visit, the follow-up never (it
 * asks about the days after), everything else once the appointment starts.
 */
export function lastUsefulMoment(m: Pick<Message, 'kind' | 'details'>, startsAt: Date, zone: string): number | undefined {
  if (m.kind === 'waitlist-offer') return m.details.offerExpiresAt ? Date.parse(m.details.offerExpiresAt) : startsAt.getTime();
  if (m.kind === 'discharge') return endOfDay(startsAt, zone).getTime();
  if (m.kind === 'follow-up') return undefined;
  return startsAt.getTime();
}

/**
 * Sends what is due: claims a batch (claim-due-messages.ts), checks each message again at send
 * time, sends it (send-message.ts) and records the outcome with its event (record-outcome.ts).
 * Each row is sent at most once per claim and recorded as sent in a transaction with its event;
 * a crash between the provider's acceptance and that record resends the same row (same
 * Message-ID, same idempotency key) after the lease.
 */
@Injectable()
export class Dispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly settings: ReturnType<typeof dispatchSettings>;
  private readonly task: PeriodicTask;
  private stopping = false;
  private readonly outcomes = counter('chairside_notifications_total', 'Messages by outcome and channel', ['outcome', 'channel']);

  constructor(
    private readonly due: ClaimDueMessages,
    private readonly sender: SendMessage,
    private readonly record: RecordOutcome,
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
    const messages = await this.due.claim(this.clock.now(), this.settings.leaseMs, this.settings.batch, this.clock.shifted());
    if (!messages.length) return 0;
    const context = await this.due.context(messages);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(this.settings.concurrency, messages.length) }, async () => {
        while (next < messages.length) {
          const message = messages[next++]!;
          // Shutting down: what this claim has not started goes back as it was, for another instance
          // now, instead of waiting out its lease and being counted in doubt. Should that write fail, the
          // lease lapses and the takeover counts it in doubt: an over-cautious record, never a false one.
          if (this.stopping) {
            await this.record.deferred(message, message.dueAt).catch(() => undefined);
            continue;
          }
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
    return messages.length;
  }

  private async deliver(m: Message, c: DispatchContext): Promise<Outcome> {
    const contact = c.contacts.get(m.patientId) ?? null;
    const appointment = c.appointments.get(m.appointmentId);
    const location = c.locations.get(m.locationId);
    const now = this.clock.now(location?.organisationId);
    const emailSuppressed = !!contact?.email && c.suppressedEmails.has(emailAddressHash(contact.email));
    const recipient = recipientOf(contact, emailSuppressed);
    // Checked again at send time: consent and opt-outs change, appointments move.
    if (!recipient.consent) return this.record.suppressed(m, 'no-consent', now);
    if (recipient.preferences.optOutKinds.includes(m.kind)) return this.record.suppressed(m, 'opted-out', now);
    const address = m.channel === 'email' ? contact?.email : contact?.phone;
    if (!address) return this.record.suppressed(m, 'no-contact', now);
    if (m.channel === 'sms' && c.optedOut.has(address)) return this.record.suppressed(m, 'opted-out', now);
    // The address bounced or complained since this was planned: it fails here and the next channel takes over.
    if (m.channel === 'email' && emailSuppressed)
      return this.record.failed(
        m,
        'email address suppressed (bounce or complaint)',
        now,
        firstChannel(recipient, 'email'),
        (at) => afterQuietHours(at, recipient, location?.timeZone ?? appointment?.timeZone ?? 'UTC'),
      );
    if (!appointment || !location)
      return this.record.retry(m, 'the appointment or its location is not known here yet', now, this.settings.backoffMs, (at) =>
        afterQuietHours(at, recipient, location?.timeZone ?? appointment?.timeZone ?? 'UTC'),
      );
    if (m.kind === 'reminder' && (appointment.status !== 'booked' || appointment.startsAt.getTime() !== m.occurrence.getTime()))
      return this.record.suppressed(m, 'appointment-changed', now);
    if (m.kind === 'waitlist-offer' && appointment.status !== 'held')
      return this.record.suppressed(m, 'appointment-changed', now);
    // Quiet hours again at send time, the first attempt too: planning placed it outside them, but a
    // backlog or a takeover sends it late, and the patient may have changed them since. It waits
    // for their end without counting an attempt, unless by then it is of no use.
    const quietUntil = afterQuietHours(now.getTime(), recipient, location.timeZone);
    if (quietUntil > now.getTime()) {
      const usefulUntil = lastUsefulMoment(m, appointment.startsAt, location.timeZone);
      if (usefulUntil !== undefined && quietUntil >= usefulUntil) return this.record.suppressed(m, 'quiet-hours', now);
      return this.record.deferred(m, new Date(quietUntil));
    }

    const therapy =
      c.therapies.get(`${location.organisationId}:${appointment.therapyCode}`) ??
      DEFAULT_THERAPIES[appointment.therapyCode as TherapyCode];
    try {
      const reference = c.references.get(m.appointmentId) ?? '';
      const result = await this.sender.send({
        message: m,
        address,
        contact: contact!,
        appointment,
        location,
        therapy,
        reference,
        now,
      });
      return await this.record.sent(m, result.providerMessageId, now);
    } catch (error) {
      if (!(error instanceof SendError)) throw error;
      // Quiet hours apply to retries and fallbacks too.
      const quiet = (at: number) => afterQuietHours(at, recipient, location.timeZone);
      // In doubt (no answer, or an acceptance that was lost): the retry goes with the same idempotency
      // key, so the provider answers with the first message instead of sending it twice, and the row
      // records the doubt in case it is withdrawn or suppressed before that retry.
      if (error.transient && m.attempts - m.attemptsAtResend < this.settings.maxAttempts)
        return this.record.retry(m, error.message, now, this.settings.backoffMs, quiet, error.inDoubt);
      // The last attempt, in doubt or not: failed, and the patient's next channel takes over. In doubt
      // (this attempt's answer lost, or lapsed_claims from an earlier one) the row keeps that mark, so a
      // patient who did get the email (or text) and then gets the fallback has both on record: the first
      // row in doubt, the fallback sent. Never a second copy the records deny. Holding the fallback back
      // would instead leave a patient whose message was in fact lost without it until someone works the
      // failed-messages item, and a reminder they never see costs more than one they see twice.
      const fallback = firstChannel(recipient, m.channel);
      const outcome = await this.record.failed(m, error.message, now, fallback, quiet, error.inDoubt);
      this.logger.warn(
        { component: 'dispatcher', messageId: m.id, channel: m.channel, error: error.message, fallback: fallback ?? null },
        'message failed after its last attempt',
      );
      return outcome;
    }
  }

  /**
   * Before any module's onApplicationShutdown: the sends in flight finish and are recorded while
   * the pool and the SMTP transport are still open (both close in onApplicationShutdown), so a
   * graceful stop leaves no message half-sent.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.task.stop();
  }
}
