import { z } from 'zod';
import { CHANNELS, NOTIFICATION_KINDS } from '@chairside/domain';
import { defineEvent } from '../define-event.js';
import { Topics } from '../topics.js';

const utc = z.iso.datetime({ offset: false }).describe('UTC instant');

/** Which message: ids, kind and channel only. The body and the address never leave the service. */
const messageRef = {
  messageId: z.uuid(),
  appointmentId: z.uuid(),
  patientId: z.uuid(),
  locationId: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  channel: z.enum(CHANNELS),
  occurrence: utc.describe('The appointment start the message is about (a reschedule is a new occurrence)'),
  offsetHours: z.number().int().positive().optional().describe('Reminders: hours before the start'),
};

function messageEvent<const TName extends string, T extends z.ZodRawShape>(name: TName, description: string, shape: T) {
  return defineEvent({
    name,
    version: 1,
    topic: Topics.notifications,
    source: 'notifications',
    aggregateType: 'message',
    description,
    schema: z.object({ ...messageRef, ...shape }),
  });
}

export const NotificationSentV1 = messageEvent(
  'notifications.message.sent',
  'The provider accepted the message (SMTP 250, or the SMS provider’s 2xx).',
  {
    sentAt: utc,
    attempts: z.number().int().positive(),
    fallback: z.boolean().describe('Sent on a fallback channel after the first one failed'),
  },
);
export const NotificationDeliveredV1 = messageEvent(
  'notifications.message.delivered',
  'The provider reported the message delivered to the patient (SMS status callback).',
  {
    deliveredAt: utc,
  },
);
export const NotificationFailedV1 = messageEvent(
  'notifications.message.failed',
  'The message could not be sent after its last attempt; it is dead-lettered (kept with its error) and, where the patient has another channel, tried there.',
  {
    failedAt: utc,
    attempts: z.number().int().positive(),
    error: z.string().max(300).describe('The provider’s error, without addresses'),
    fallbackMessageId: z.uuid().optional(),
  },
);
/**
 * Its own aggregate type (`message-resend`, sequence = the resend's number) keyed by the message
 * id: the message's own events number its send attempts, and this one rides beside them in order.
 */
export const NotificationResentV1 = defineEvent({
  name: 'notifications.message.resent',
  version: 1,
  topic: Topics.notifications,
  source: 'notifications',
  aggregateType: 'message-resend',
  description:
    'A message that had failed for good was resent by a staff member (POST /locations/{id}/messages/{id}/resend) and the provider accepted it this time (published with its notifications.message.sent). Scheduling closes the failed-messages work-queue item. Ids only.',
  schema: z.object({
    ...messageRef,
    sentAt: utc,
    resends: z.number().int().positive().describe('Which resend of this message this was (1 for the first)'),
    resentBy: z.string().min(1).max(200).describe('The staff member who asked for it (token subject)'),
  }),
});
export const SUPPRESSION_REASONS = [
  'no-consent',
  'opted-out',
  'no-contact',
  'past-due',
  'quiet-hours',
  'appointment-changed',
] as const;
export const NotificationSuppressedV1 = messageEvent(
  'notifications.message.suppressed',
  'A message that would have been sent is not, and why (no consent, opted out, no address, too late, quiet hours).',
  {
    reason: z.enum(SUPPRESSION_REASONS),
    suppressedAt: utc,
  },
);
export const NotificationCancelledV1 = messageEvent(
  'notifications.message.cancelled',
  'A scheduled message was withdrawn because its appointment was rescheduled, cancelled or marked a no-show.',
  {
    cancelledAt: utc,
    because: z.enum(['rescheduled', 'cancelled', 'no-show', 'opted-out']),
  },
);
export const PatientReplyReceivedV1 = defineEvent({
  name: 'notifications.reply.received',
  version: 1,
  topic: Topics.notifications,
  source: 'notifications',
  aggregateType: 'message',
  description:
    'A patient answered a message by SMS or on the patient page its link opens: confirm (C or YES, or the page\'s button), reschedule (R, or "ask for another time"), or stop messages (STOP, by SMS only). Scheduling confirms the appointment or flags the request.',
  schema: z.object({
    appointmentId: z.uuid(),
    patientId: z.uuid(),
    locationId: z.uuid(),
    intent: z.enum(['confirm', 'reschedule', 'stop']),
    receivedAt: utc,
    inReplyToMessageId: z.uuid(),
  }),
});

/** A patient's SMS answer that asks scheduling to act on one appointment: ids and times only. */
const replyRef = {
  appointmentId: z.uuid(),
  patientId: z.uuid(),
  locationId: z.uuid(),
  receivedAt: utc,
  inReplyToMessageId: z
    .uuid()
    .describe('The message answered: a text (by its reference, or the last one sent), or the message whose page link was used'),
};

export const PatientCancellationConfirmedV1 = defineEvent({
  name: 'notifications.reply.cancellation-confirmed',
  version: 1,
  topic: Topics.notifications,
  source: 'notifications',
  aggregateType: 'message',
  description:
    'A patient replied CANCEL to a text about the appointment and then YES to the question whether to cancel it, or answered the same question on the patient page. Scheduling cancels it (reason patient_request; lateCancellation under 24 h before the start).',
  schema: z.object(replyRef),
});

export const PatientOfferAcceptedV1 = defineEvent({
  name: 'notifications.reply.offer-accepted',
  version: 1,
  topic: Topics.notifications,
  source: 'notifications',
  aggregateType: 'message',
  description:
    'A waitlisted patient replied YES to the text offering a freed time (a hold), or took it on the patient page. Scheduling books the hold if it still stands.',
  schema: z.object(replyRef),
});

/** The side effects a next-day follow-up asks about (the seed FAQ's, plus fever). */
export const FOLLOW_UP_SYMPTOMS = ['fatigue', 'headache', 'site-pain', 'site-swelling', 'nausea', 'fever'] as const;

const followUpAnswer = {
  ...replyRef,
  score: z
    .number()
    .int()
    .min(0)
    .max(10)
    .optional()
    .describe('How unwell, 0 (well) to 10 (very unwell), when the patient gave a number'),
  symptoms: z.array(z.enum(FOLLOW_UP_SYMPTOMS)).describe('Side effects the patient named'),
};

export const FollowUpAnsweredV1 = defineEvent({
  name: 'notifications.follow-up.answered',
  version: 1,
  topic: Topics.notifications,
  source: 'notifications',
  aggregateType: 'message',
  description:
    'A patient answered the next-day follow-up text with a number (0–10) or side-effect keywords. Codes only, never the text they typed.',
  schema: z.object({ ...followUpAnswer, severe: z.boolean().describe('A score of 7 or more, or fever') }),
});

export const FollowUpAlertRaisedV1 = defineEvent({
  name: 'notifications.follow-up.alert-raised',
  version: 1,
  topic: Topics.notifications,
  source: 'notifications',
  aggregateType: 'message',
  description:
    'A follow-up answer was severe (a score of 7 or more, or fever): someone at the center should call the patient today. A work-queue item for the center.',
  schema: z.object({ ...followUpAnswer, reason: z.enum(['high-score', 'fever']) }),
});

export const EMAIL_PROBLEMS = ['bounce', 'complaint'] as const;

export const EmailBouncedV1 = defineEvent({
  name: 'notifications.email.bounced',
  version: 1,
  topic: Topics.notifications,
  source: 'notifications',
  aggregateType: 'message',
  description:
    'The email provider reported that an email to the patient bounced for good (the address does not work) or that the patient marked it as spam (a complaint). The address is suppressed: no more email goes to it, texts take over where the patient has a phone. A work-queue item for the center: get a working address or ask how the patient wants to be reached. Ids and codes only, never the address.',
  schema: z.object({
    messageId: z.uuid().describe('The email the provider reported on'),
    appointmentId: z.uuid(),
    patientId: z.uuid(),
    locationId: z.uuid(),
    problem: z.enum(EMAIL_PROBLEMS),
    code: z
      .string()
      .regex(/^[0-9]{3}( [0-9]\.[0-9]{1,3}\.[0-9]{1,3})?$/)
      .optional()
      .describe('A bounce: the SMTP reply code and enhanced status code (e.g. "550 5.1.1")'),
    reportedAt: utc,
  }),
});
