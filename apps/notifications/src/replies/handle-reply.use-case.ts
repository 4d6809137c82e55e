import { Injectable } from '@nestjs/common';
import { NotificationDeliveredV1, PatientReplyReceivedV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';

export type Intent = 'confirm' | 'reschedule' | 'stop' | 'start';

/** What a reply means; carriers' own keywords for stopping and starting are honoured. */
export function intentOf(body: string): Intent | undefined {
  const word = body
    .trim()
    .toUpperCase()
    .replace(/[.!¡¿?]/g, '');
  if (['C', 'YES', 'Y', 'SI', 'SÍ', 'CONFIRM', 'CONFIRMAR'].includes(word)) return 'confirm';
  if (['R', 'RESCHEDULE', 'CAMBIAR'].includes(word)) return 'reschedule';
  if (['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'PARAR', 'BAJA'].includes(word)) return 'stop';
  if (['START', 'UNSTOP', 'ALTA'].includes(word)) return 'start';
  return undefined;
}

interface LastSms {
  id: string;
  appointment_id: string;
  patient_id: string;
  location_id: string;
  language: 'en' | 'es';
}

const ANSWERS: Record<'en' | 'es', Record<Intent | 'unknown', string>> = {
  en: {
    confirm: 'Thank you, your appointment is confirmed.',
    reschedule: 'Thank you, the center will call you to find a new time.',
    stop: 'You will receive no more text messages from us. Reply START to receive them again.',
    start: 'You will receive text messages from us again.',
    unknown: 'Reply C to confirm, R to reschedule, STOP to opt out.',
  },
  es: {
    confirm: 'Gracias, su cita está confirmada.',
    reschedule: 'Gracias, el centro le llamará para buscar otra hora.',
    stop: 'No recibirá más mensajes de texto. Responda START para volver a recibirlos.',
    start: 'Volverá a recibir nuestros mensajes de texto.',
    unknown: 'Responda C para confirmar, R para cambiar, STOP para no recibir mensajes.',
  },
};

/**
 * A patient's SMS reply, matched to the last text we sent that number. Confirming and asking to
 * reschedule go to scheduling as an event; STOP and START change whether this service texts the
 * number at all (carriers require it to take effect at once, whatever scheduling holds).
 */
@Injectable()
export class HandleReplyUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async reply(from: string, body: string, receivedAt: Date): Promise<string> {
    const intent = intentOf(body);
    return this.unitOfWork.run(async (tx) => {
      // Locked: two replies to one message are numbered one after the other.
      const [last] = (await tx.manager.query(
        `SELECT m.id, m.appointment_id, m.patient_id, m.location_id, c.language FROM message m JOIN contact c ON c.patient_id = m.patient_id
          WHERE c.phone = $1 AND m.channel = 'sms' AND m.status IN ('sent', 'delivered') ORDER BY m.sent_at DESC LIMIT 1 FOR UPDATE OF m`,
        [from],
      )) as LastSms[];
      const language = last?.language ?? 'en';
      if (intent === 'stop')
        await tx.manager.query(`INSERT INTO sms_opt_out (phone, opted_out_at) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING`, [
          from,
          receivedAt,
        ]);
      if (intent === 'start') await tx.manager.query(`DELETE FROM sms_opt_out WHERE phone = $1`, [from]);
      if (last && intent && intent !== 'start') {
        const [{ sequence }] = (await tx.manager.query(
          `INSERT INTO sms_reply (id, appointment_id, message_id, intent, received_at, sequence)
           SELECT gen_random_uuid(), $1, $2, $3, $4, count(*) + 1 FROM sms_reply WHERE appointment_id = $1 RETURNING sequence`,
          [last.appointment_id, last.id, intent, receivedAt],
        )) as [{ sequence: number }];
        await tx.publish(
          PatientReplyReceivedV1,
          {
            appointmentId: last.appointment_id,
            patientId: last.patient_id,
            locationId: last.location_id,
            intent,
            receivedAt: receivedAt.toISOString(),
            inReplyToMessageId: last.id,
          },
          { aggregateId: last.appointment_id, aggregateSequence: sequence, locationId: last.location_id },
        );
      }
      return ANSWERS[language][intent ?? 'unknown'];
    });
  }

  /** The provider's status callback: delivered (or not) to the handset. */
  async status(providerMessageId: string, status: string, at: Date): Promise<void> {
    if (status !== 'delivered') return;
    await this.unitOfWork.run(async (tx) => {
      const [m] = (await tx.manager.query(
        `UPDATE message SET status = 'delivered', delivered_at = $2, updated_at = now() WHERE provider_message_id = $1 AND status = 'sent'
         RETURNING id, appointment_id, patient_id, location_id, kind, channel, occurrence, offset_hours, attempts`,
        [providerMessageId, at],
      )) as [
        Array<{
          id: string;
          appointment_id: string;
          patient_id: string;
          location_id: string;
          kind: never;
          channel: never;
          occurrence: Date;
          offset_hours: number | null;
          attempts: number;
        }>,
        number,
      ];
      const row = m[0];
      if (!row) return;
      await tx.publish(
        NotificationDeliveredV1,
        {
          messageId: row.id,
          appointmentId: row.appointment_id,
          patientId: row.patient_id,
          locationId: row.location_id,
          kind: row.kind,
          channel: row.channel,
          occurrence: new Date(row.occurrence).toISOString(),
          ...(row.offset_hours ? { offsetHours: row.offset_hours } : {}),
          deliveredAt: at.toISOString(),
        },
        { aggregateId: row.id, aggregateSequence: row.attempts + 2, locationId: row.location_id },
      );
    });
  }
}
