import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ReplanProposedV1, type REPLAN_PROPOSAL_CAUSES } from '@chairside/contracts';
import { HOUR, type TherapyCode, type TherapyDefinition } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { Appointment, HOLDS_TIME } from '../../appointments/appointment.entity.js';
import { CenterStateRepository } from '../../appointments/center-state.repository.js';
import { wallClock } from '../../appointments/local-time.js';
import { effectiveTherapy, treatmentRequest } from '../../appointments/treatment-request.js';
import type { BookedTreatment, Interval } from '../../slot-search/center.js';
import { type Disturbed, planReplans, REPLAN_HORIZON_MS } from '../plan-replans.js';
import { ReplanProposal } from '../replan-proposal.entity.js';
import { lockReplans } from '../replan-lock.js';
import { OrganisationTherapy } from '../../catalog/organisation-therapy.entity.js';
import { placementTherapy } from '../../catalog/organisation-therapies.js';
import { In } from 'typeorm';

export interface ProposeReplansCommand {
  locationId: string;
  /** The appointments that lost their chair, nurse or time (at most a day's worth at one location). */
  appointmentIds: readonly string[];
  cause: (typeof REPLAN_PROPOSAL_CAUSES)[number];
  causeId: string;
  now: Date;
}

/** One event's worth: more than a location's day of appointments is not one disturbance. */
export const MAX_DISTURBED = 200;

const asBooking = (a: Appointment): BookedTreatment => ({
  id: a.id,
  patientId: a.patientId,
  chairId: a.chairId,
  nurseId: a.nurseId,
  start: a.startsAt.getTime(),
  end: a.endsAt.getTime(),
  chairReleasedAt: a.chairReleasedAt.getTime(),
  setupEnd: a.setupEndsAt.getTime(),
});

/**
 * Computes and publishes a re-plan proposal for each disturbed appointment still booked: the best
 * alternative now (planReplans), against the schedule as committed, with every other open proposal
 * at the location holding its proposed place too, so proposals never compete for the same chair. A newer
 * proposal supersedes an older one for the same appointment. Nothing moves: the charge nurse
 * applies a proposal (apply-replans), which goes through the ordinary reschedule.
 */
@Injectable()
export class ProposeReplansUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly centers: CenterStateRepository,
  ) {}

  execute(command: ProposeReplansCommand): Promise<ReplanProposal[]> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  /** In the transaction that disturbed them (a sick call) or the inbox transaction of the event that did. */
  async inTransaction(tx: Transaction, c: ProposeReplansCommand): Promise<ReplanProposal[]> {
    const ids = [...new Set(c.appointmentIds)].slice(0, MAX_DISTURBED);
    if (!ids.length) return [];
    // One location's proposals are made one at a time: the consumer handles several partitions at
    // once, and two proposals planned side by side would each take the same free place as theirs.
    // (READ COMMITTED: the statements after the lock see what the one before it committed.) The
    // lock comes before any row lock, as in every re-plan path (replan-lock.ts); an overrun took it
    // already, before it marked the appointments at risk.
    await lockReplans(tx, c.locationId);
    // Only appointments still disturbed by this cause: the event is consumed later than it was
    // published, and meanwhile the closure or outage may have been taken back or moved off the
    // appointment (which un-flagged it: unflagWithdrawn), or the appointment moved (no longer at
    // risk). A proposal then would bring back a cause that is gone.
    const disturbed = await tx.manager
      .createQueryBuilder(Appointment, 'a')
      .where(
        `a.id IN (:...ids) AND a.location_id = :location AND a.status IN ('proposed', 'booked') AND a.at_risk_since IS NOT NULL`,
        { ids, location: c.locationId },
      )
      .andWhere(
        `CASE CAST(:cause AS text)
           WHEN 'location_closure' THEN EXISTS (SELECT 1 FROM location_closure k
             WHERE k.id = :causeId AND k.starts_at < a.ends_at AND k.ends_at > a.starts_at)
           WHEN 'chair_outage' THEN EXISTS (SELECT 1 FROM chair_outage o
             WHERE o.id = :causeId AND o.chair_id = a.chair_id AND o.cancelled_at IS NULL
               AND o.starts_at < a.chair_released_at AND o.ends_at > a.starts_at)
           ELSE true END`,
        { cause: c.cause, causeId: c.causeId },
      )
      .orderBy('a.starts_at')
      .addOrderBy('a.id')
      .setLock('pessimistic_write')
      .getMany();
    if (!disturbed.length) return [];
    const [location] = (await tx.manager.query('SELECT organisation_id, time_zone FROM location WHERE id = $1', [
      c.locationId,
    ])) as Array<{ organisation_id: string; time_zone: string }>;
    if (!location) return [];
    const from = new Date(disturbed[0]!.startsAt.getTime() - 12 * HOUR);
    const to = new Date(disturbed.at(-1)!.startsAt.getTime() + REPLAN_HORIZON_MS + 12 * HOUR);
    const center = await this.centers.load(tx.manager, {
      locationId: c.locationId,
      organisationId: location.organisation_id,
      from,
      to,
    });
    if (!center) return [];

    await tx.manager.query(
      `UPDATE replan_proposal SET status = 'superseded', version = version + 1, decided_at = $2
        WHERE appointment_id = ANY($1) AND status = 'open'`,
      [disturbed.map((a) => a.id), c.now],
    );
    // Every other open proposal holds its proposed place as well as the one its appointment still
    // has: each appointment's proposal is made on its own (one needs-replan event each, consumed
    // from Kafka partitions in any order), so none may count on another one's place being freed.
    // Proposals made apart are then disjoint, and the charge nurse can apply all or some of them
    // (those of one call, an overrun's, are planned and applied in start order: planReplans).
    const pending = (await tx.manager.query(
      `SELECT p.appointment_id, a.patient_id, p.chair_id, p.nurse_id, p.starts_at, p.ends_at,
              p.ends_at + (a.chair_released_at - a.ends_at) AS chair_released_at,
              p.starts_at + n.start_window_minutes * interval '1 minute' AS setup_ends_at
         FROM replan_proposal p JOIN appointment a ON a.id = p.appointment_id AND a.version = p.appointment_version
         JOIN nurse n ON n.id = p.nurse_id
        WHERE p.location_id = $1 AND p.status = 'open' AND p.starts_at < $3 AND p.ends_at > $2`,
      [c.locationId, from, to],
    )) as Array<{
      appointment_id: string;
      patient_id: string;
      chair_id: string;
      nurse_id: string;
      starts_at: Date;
      ends_at: Date;
      chair_released_at: Date;
      setup_ends_at: Date;
    }>;
    const bookings: BookedTreatment[] = [
      ...center.bookings,
      ...pending.map((p) => ({
        id: `${p.appointment_id}:proposed`,
        patientId: p.patient_id,
        chairId: p.chair_id,
        nurseId: p.nurse_id,
        start: p.starts_at.getTime(),
        end: p.ends_at.getTime(),
        chairReleasedAt: new Date(p.chair_released_at).getTime(),
        setupEnd: new Date(p.setup_ends_at).getTime(),
      })),
    ];

    const therapies = await this.therapies(tx, location.organisation_id, [...new Set(disturbed.map((a) => a.therapyCode))]);
    const own = await this.ownTherapies(tx, location.organisation_id, disturbed);
    const elsewhere = await this.patientsElsewhere(tx, c.locationId, disturbed, from, to);
    const inputs: Disturbed[] = [];
    for (const a of disturbed) {
      try {
        inputs.push({
          booking: asBooking(a),
          request: treatmentRequest(
            a.patientId,
            (a.therapyId && own.get(a.therapyId)) || therapies.get(a.therapyCode)!,
            a.durationMinutes,
          ),
          patientBusy: elsewhere.get(a.patientId) ?? [],
        });
      } catch {
        // The therapy's allowed durations changed since booking: the scheduler re-books it by hand.
      }
    }
    const byId = new Map(disturbed.map((a) => [a.id, a]));
    const proposals: ReplanProposal[] = [];
    for (const { appointmentId, slot } of planReplans({ ...center, bookings }, inputs, c.now.getTime())) {
      const a = byId.get(appointmentId)!;
      // None found, or its own place still holds (a nurse overrun her capacity absorbs): nothing to propose.
      if (!slot || (slot.start === a.startsAt.getTime() && slot.chairId === a.chairId && slot.nurseId === a.nurseId)) continue;
      const proposal = tx.manager.create(ReplanProposal, {
        id: randomUUID(),
        locationId: c.locationId,
        appointmentId,
        appointmentVersion: a.version,
        cause: c.cause,
        causeId: c.causeId,
        status: 'open',
        startsAt: new Date(slot.start),
        endsAt: new Date(slot.end),
        chairId: slot.chairId,
        nurseId: slot.nurseId,
        previousStartsAt: a.startsAt,
        previousChairId: a.chairId,
        previousNurseId: a.nurseId,
        delayMinutes: Math.max(0, Math.round((slot.start - a.startsAt.getTime()) / 60_000)),
        version: 1,
        proposedAt: c.now,
        decidedAt: null,
        decidedBy: null,
      });
      await tx.manager.insert(ReplanProposal, proposal);
      await tx.publish(
        ReplanProposedV1,
        {
          proposalId: proposal.id,
          appointmentId,
          locationId: c.locationId,
          cause: c.cause,
          causeId: c.causeId,
          appointmentVersion: a.version,
          timeZone: location.time_zone,
          current: { startsAt: a.startsAt.toISOString(), chairId: a.chairId, nurseId: a.nurseId },
          proposed: {
            startsAt: proposal.startsAt.toISOString(),
            endsAt: proposal.endsAt.toISOString(),
            localStart: wallClock(proposal.startsAt, location.time_zone),
            chairId: proposal.chairId,
            nurseId: proposal.nurseId,
          },
          delayMinutes: proposal.delayMinutes,
          proposedAt: c.now.toISOString(),
        },
        { aggregateId: proposal.id, aggregateSequence: proposal.version, locationId: c.locationId },
      );
      proposals.push(proposal);
    }
    return proposals;
  }

  /** Therapies the organisation defined, for the disturbed appointments of one: placed by their own values. */
  private async ownTherapies(
    tx: Transaction,
    organisationId: string,
    disturbed: Appointment[],
  ): Promise<Map<string, TherapyDefinition>> {
    const ids = [...new Set(disturbed.map((a) => a.therapyId).filter((id): id is string => !!id))];
    if (!ids.length) return new Map();
    const rows = await tx.manager.find(OrganisationTherapy, { where: { organisationId, id: In(ids) } });
    return new Map(rows.map((t) => [t.id, placementTherapy(t)]));
  }

  private async therapies(
    tx: Transaction,
    organisationId: string,
    codes: TherapyCode[],
  ): Promise<Map<TherapyCode, TherapyDefinition>> {
    const rows = (await tx.manager.query(
      'SELECT therapy_code, settings FROM therapy_setting WHERE organisation_id = $1 AND therapy_code = ANY($2)',
      [organisationId, codes],
    )) as Array<{ therapy_code: TherapyCode; settings: TherapyDefinition }>;
    const edited = new Map(rows.map((r) => [r.therapy_code, r.settings]));
    return new Map(codes.map((code) => [code, effectiveTherapy(code, edited.get(code))]));
  }

  /** The disturbed patients' treatments at the organisation's other locations. */
  private async patientsElsewhere(
    tx: Transaction,
    locationId: string,
    disturbed: Appointment[],
    from: Date,
    to: Date,
  ): Promise<Map<string, Interval[]>> {
    const rows = (await tx.manager.query(
      `SELECT patient_id, starts_at, ends_at FROM appointment
        WHERE patient_id = ANY($1) AND location_id <> $2 AND status IN ${HOLDS_TIME} AND starts_at < $4 AND ends_at > $3`,
      [disturbed.map((a) => a.patientId), locationId, from, to],
    )) as Array<{ patient_id: string; starts_at: Date; ends_at: Date }>;
    const busy = new Map<string, Interval[]>();
    for (const r of rows)
      busy.set(r.patient_id, [...(busy.get(r.patient_id) ?? []), { start: r.starts_at.getTime(), end: r.ends_at.getTime() }]);
    return busy;
  }
}
