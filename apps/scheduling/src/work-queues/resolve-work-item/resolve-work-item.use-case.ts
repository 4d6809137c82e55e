import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { createdOnce, type IdempotencyRequest, type IdempotentOutcome, ProblemException } from '@chairside/platform';
import { ConfirmAppointmentUseCase } from '../../appointments/confirm-appointment/confirm-appointment.use-case.js';
import { WorkItemResolution } from '../work-item-resolution.entity.js';
import { OUTCOMES, openItemsSql, type WorkQueue } from '../work-queues.js';

export interface ResolveWorkItemCommand {
  organisationId: string;
  locationId: string;
  queue: WorkQueue;
  subjectId: string;
  itemKey: string;
  outcome: string;
  note?: string;
  actorId: string;
  now: Date;
  idempotency?: IdempotencyRequest;
}

export interface WorkItemResolutionView {
  id: string;
  queue: string;
  subjectId: string;
  itemKey: string;
  outcome: string;
  resolvedAt: string;
}

export const resolutionView = (r: WorkItemResolution): WorkItemResolutionView => ({
  id: r.id,
  queue: r.queue,
  subjectId: r.subjectId,
  itemKey: r.itemKey,
  outcome: r.outcome,
  resolvedAt: r.resolvedAt.toISOString(),
});

/**
 * Closes one open item of a queue with what was done. The item must still be open as the caller
 * saw it (same key): an item that changed meanwhile (rescheduled, cancelled, resolved by someone
 * else) is a 409 `work-item-gone`, and the caller reloads the queue. Confirming an unconfirmed
 * booking confirms the appointment in the same transaction.
 */
@Injectable()
export class ResolveWorkItemUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly confirm: ConfirmAppointmentUseCase,
  ) {}

  async execute(command: ResolveWorkItemCommand): Promise<IdempotentOutcome<WorkItemResolution>> {
    if (!OUTCOMES[command.queue].includes(command.outcome))
      throw ProblemException.validation([
        { field: 'outcome', reason: `must be one of ${OUTCOMES[command.queue].join(', ')} for ${command.queue}` },
      ]);
    return this.unitOfWork.runWithFinalWrite((tx) =>
      createdOnce(tx, command.idempotency, () => this.resolve(tx, command), resolutionView),
    );
  }

  private async resolve(tx: Transaction, command: ResolveWorkItemCommand): Promise<WorkItemResolution> {
    const [location] = (await tx.manager.query(`SELECT 1 FROM location WHERE id = $1 AND organisation_id = $2`, [
      command.locationId,
      command.organisationId,
    ])) as unknown[];
    if (!location) throw ProblemException.notFound('Location', command.locationId);
    // Two schedulers resolving one item: the second waits here and then finds it resolved.
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`work-item:${command.queue}:${command.subjectId}`]);
    const [open] = (await tx.manager.query(
      `SELECT appointment_id FROM (${openItemsSql(command.queue)}) items WHERE subject_id = $4 AND item_key = $5`,
      [command.locationId, command.now, command.queue, command.subjectId, command.itemKey],
    )) as Array<{ appointment_id: string }>;
    if (!open)
      throw ProblemException.conflict(
        'work-item-gone',
        `No open ${command.queue} item ${command.subjectId} (${command.itemKey}) at this location: it was resolved or changed meanwhile. Reload the queue.`,
        { queue: command.queue },
      );
    if (command.queue === 'unconfirmed' && command.outcome === 'confirmed')
      await this.confirm.inTransaction(tx, {
        organisationId: command.organisationId,
        locationId: command.locationId,
        appointmentId: open.appointment_id,
        via: 'staff',
        now: command.now,
      });
    const resolution = tx.manager.create(WorkItemResolution, {
      id: randomUUID(),
      locationId: command.locationId,
      queue: command.queue,
      subjectId: command.subjectId,
      itemKey: command.itemKey,
      outcome: command.outcome,
      note: command.note ?? null,
      actorId: command.actorId,
      resolvedAt: command.now,
    });
    await tx.manager.insert(WorkItemResolution, resolution);
    return resolution;
  }
}
