import { Inject, Injectable } from '@nestjs/common';
import type { NotificationKind, TherapyCode } from '@chairside/domain';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { SendResult } from '../channels/channel.js';
import { EmailChannel } from '../channels/email.channel.js';
import { SmsChannel } from '../channels/sms.channel.js';
import type {
  DirectoryAppointment,
  DirectoryContact,
  DirectoryLocation,
  DirectoryTherapySetting,
} from '../directory/directory.entities.js';
import type { Message } from '../messages/message.entity.js';
import type { NotificationsConfig } from '../config/notifications.config.js';
import { signPatientLink } from '../patient-page/patient-link.js';
import { calendar } from '../rendering/calendar.js';
import { Renderer } from '../rendering/renderer.js';

/** Everything one message is rendered from, checked by the dispatcher before it sends. */
export interface Delivery {
  message: Message;
  address: string;
  contact: DirectoryContact;
  appointment: DirectoryAppointment;
  location: DirectoryLocation;
  therapy: DirectoryTherapySetting['settings'];
  /** The appointment's short reference, for texts a patient may answer. */
  reference: string;
  now: Date;
}

/** Messages the patient may act on (confirm, cancel, take the offer) carry a link to their page. */
const WITH_PAGE: ReadonlySet<NotificationKind> = new Set([
  'confirmation',
  'reminder',
  'reschedule',
  'waitlist-offer',
  'delay',
  'back-on-time',
]);

/**
 * Send: renders the message in the patient's language and hands it to its channel (with a
 * calendar entry for emails about the appointment itself). Throws the channel's SendError,
 * transient or not; recording the outcome is the caller's.
 */
@Injectable()
export class SendMessage {
  private readonly pageBase: string;
  private readonly linkKey: string;

  constructor(
    private readonly renderer: Renderer,
    private readonly email: EmailChannel,
    private readonly sms: SmsChannel,
    @Inject(SERVICE_CONFIG) config: NotificationsConfig,
  ) {
    this.pageBase = (config.PATIENT_PAGE_URL ?? `http://${config.HOST}:${config.PORT}`).replace(/\/+$/, '');
    this.linkKey = config.PATIENT_LINK_KEY;
  }

  /**
   * The signed link to the patient page. It works until there is nothing left to do: until the
   * hold ends for an offer, until the appointment starts for everything else.
   */
  private pageUrl(m: Message, startsAt: Date): string | undefined {
    if (!WITH_PAGE.has(m.kind)) return undefined;
    const expiresAt = m.details.offerExpiresAt ? new Date(m.details.offerExpiresAt) : startsAt;
    return `${this.pageBase}/p/${signPatientLink(this.linkKey, { messageId: m.id, expiresAt })}`;
  }

  send({ message: m, address, contact, appointment, location, therapy, reference, now }: Delivery): Promise<SendResult> {
    const details = m.details;
    const start = appointment.startsAt;
    const end = appointment.endsAt;
    const pageUrl = this.pageUrl(m, start);
    const own = appointment.ownTherapy;
    const rendered = this.renderer.render(m.kind, m.channel, {
      language: contact.language,
      givenName: contact.givenName,
      therapyCode: appointment.therapyCode as TherapyCode,
      therapyName: therapy.name,
      ownTherapy: own,
      centerName: location.name,
      centerAddress: location.centerAddress,
      timeZone: location.timeZone,
      start,
      end,
      fasting: own ? own.preparation.fasting : therapy.requiresFasting,
      // A nurse's decision about this visit comes before what the therapy usually allows.
      mayDrive: details.mayDrive ?? (own ? own.preparation.mayDrive : therapy.mayDriveAfter),
      reference,
      ...(pageUrl ? { pageUrl } : {}),
      ...(details.offerExpiresAt ? { offerExpiresAt: new Date(details.offerExpiresAt) } : {}),
      ...(details.previousStartsAt ? { previousStart: new Date(details.previousStartsAt) } : {}),
      ...(details.delayMinutes ? { delayMinutes: details.delayMinutes } : {}),
      ...(details.projectedStartsAt ? { projectedStart: new Date(details.projectedStartsAt) } : {}),
      ...(details.instructions ? { instructions: details.instructions } : {}),
    });
    if (m.channel !== 'email') return this.sms.send({ to: address, body: rendered.text, idempotencyKey: m.idempotencyKey });
    const withCalendar =
      m.kind === 'confirmation' || m.kind === 'reminder' || m.kind === 'reschedule' || m.kind === 'cancellation';
    return this.email.send({
      messageId: m.id,
      to: address,
      subject: rendered.subject,
      text: rendered.text,
      ...(rendered.html ? { html: rendered.html } : {}),
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
                summary: `${own?.name ?? therapy.name} – ${location.name}`,
                location: location.centerAddress ?? location.name,
                cancelled: m.kind === 'cancellation',
                stamp: now,
              }),
            },
          }
        : {}),
    });
  }
}
