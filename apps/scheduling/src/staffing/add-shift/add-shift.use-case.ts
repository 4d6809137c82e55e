import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { NurseShiftAddedV1 } from '@chairside/contracts';
import { EXCLUSION_VIOLATION, sqlState } from '@chairside/database';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { createdOnce, type IdempotencyRequest, type IdempotentOutcome, ProblemException } from '@chairside/platform';
import { NurseShift, type ShiftBreak } from '../nurse.entity.js';

export interface AddShiftCommand {
  organisationId: string;
  locationId: string;
  nurseId: string;
  startsAt: Date;
  endsAt: Date;
  breaks?: Array<{ start: Date; end: Date }>;
  /** With an Idempotency-Key, a retry returns the first response and adds no second shift. */
  idempotency?: IdempotencyRequest;
}

export interface AddedShift {
  id: string;
  nurseId: string;
  startsAt: string;
  endsAt: string;
  breaks: ShiftBreak[];
}

/** What POST …/nurses/{id}/shifts answers, and what a retry with the same Idempotency-Key replays. */
export const shiftView = (s: NurseShift): AddedShift => ({
  id: s.id,
  nurseId: s.nurseId,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
  breaks: s.breaks,
});

/** A shift is at most 16 hours, its breaks inside it: 400 naming the field otherwise. Returns the breaks as stored. */
export function validShift(command: Pick<AddShiftCommand, 'startsAt' | 'endsAt' | 'breaks'>): ShiftBreak[] {
  const hours = (command.endsAt.getTime() - command.startsAt.getTime()) / 3_600_000;
  if (hours <= 0 || hours > 16)
    throw ProblemException.validation([{ field: 'endsAt', reason: 'must be after startsAt and at most 16 hours later' }]);
  const breaks = command.breaks ?? [];
  breaks.forEach((b, i) => {
    if (b.start < command.startsAt || b.end > command.endsAt || b.end <= b.start)
      throw ProblemException.validation([{ field: `breaks[${i}]`, reason: 'must lie inside the shift and end after it starts' }]);
  });
  return breaks.map((b) => ({ start: b.start.toISOString(), end: b.end.toISOString() }));
}

/** A nurse's shift (at most 16 hours, breaks inside it), never overlapping another of hers. */
@Injectable()
export class AddShiftUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(command: AddShiftCommand): Promise<IdempotentOutcome<NurseShift>> {
    const shiftBreaks = validShift(command);
    return this.unitOfWork.runWithFinalWrite((tx) =>
      createdOnce(tx, command.idempotency, () => this.add(tx, command, shiftBreaks), shiftView),
    );
  }

  private async add(tx: Transaction, command: AddShiftCommand, shiftBreaks: ShiftBreak[]): Promise<NurseShift> {
    const { locationId, nurseId } = command;
    // The nurse row lock orders her shift events: their sequence follows her shift_events.
    const [nurse] = (await tx.manager.query(
      `SELECT n.id, n.shift_events AS shifts FROM nurse n JOIN location l ON l.id = n.location_id WHERE n.id = $1 AND n.location_id = $2 AND l.organisation_id = $3 FOR UPDATE OF n`,
      [nurseId, locationId, command.organisationId],
    )) as Array<{ id: string; shifts: number }>;
    if (!nurse) throw ProblemException.notFound('Nurse', nurseId);
    const created = tx.manager.create(NurseShift, {
      id: randomUUID(),
      nurseId,
      startsAt: command.startsAt,
      endsAt: command.endsAt,
      breaks: shiftBreaks,
    });
    try {
      await tx.manager.insert(NurseShift, created);
    } catch (error) {
      if (sqlState(error) === EXCLUSION_VIOLATION)
        throw ProblemException.conflict('shift-overlap', 'The nurse already has a shift overlapping that time.');
      throw error;
    }
    await tx.manager.query('UPDATE nurse SET shift_events = shift_events + 1 WHERE id = $1', [nurseId]);
    await tx.publish(
      NurseShiftAddedV1,
      {
        shiftId: created.id,
        nurseId,
        locationId,
        startsAt: created.startsAt.toISOString(),
        endsAt: created.endsAt.toISOString(),
        breaks: shiftBreaks,
      },
      { aggregateId: nurseId, aggregateSequence: nurse.shifts + 2, locationId },
    );
    return created;
  }
}
