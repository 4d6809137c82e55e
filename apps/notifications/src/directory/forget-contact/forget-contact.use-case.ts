import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { lockPatient } from '../../messages/patient-lock.js';
import { WithdrawMessagesUseCase } from '../../messages/withdraw-messages/withdraw-messages.use-case.js';

export interface ForgetContactCommand {
  patientId: string;
  at: Date;
}

/**
 * The patient's contact data was erased in scheduling: the copy here goes (name, phone, email,
 * preferences), with a CANCEL awaiting its YES from that phone, and what was still to be sent is
 * withdrawn (there is no one left to send it to). Messages already sent stay as ids, kinds and
 * outcomes: no body or address was ever kept. An SMS opt-out (STOP) stays: it is the number's own
 * request not to be texted, not linked to the patient, and forgetting it could text them again.
 */
@Injectable()
export class ForgetContactUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly withdraw: WithdrawMessagesUseCase,
  ) {}

  execute(command: ForgetContactCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, { patientId, at }: ForgetContactCommand): Promise<void> {
    await lockPatient(tx, patientId);
    const [forgotten] = (await tx.manager.query(`DELETE FROM directory_contact WHERE patient_id = $1 RETURNING phone`, [
      patientId,
    ])) as Array<{ phone: string | null }>;
    if (forgotten?.phone)
      await tx.manager.query(
        `DELETE FROM sms_pending_cancellation p USING message m WHERE m.id = p.message_id AND m.patient_id = $1 AND p.phone = $2`,
        [patientId, forgotten.phone],
      );
    const pending = (await tx.manager.query(
      `SELECT DISTINCT appointment_id FROM message WHERE patient_id = $1 AND status IN ('scheduled', 'retrying')`,
      [patientId],
    )) as Array<{ appointment_id: string }>;
    for (const { appointment_id } of pending)
      await this.withdraw.inTransaction(tx, { appointmentId: appointment_id, because: 'opted-out', now: at });
  }
}
