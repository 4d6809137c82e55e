import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PreparationRequirements, TherapyCode } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { createdOnce, type IdempotencyRequest, type IdempotentOutcome, ProblemException } from '@chairside/platform';
import type { OrganisationTherapyView } from '../dto/therapy.dto.js';
import { OrganisationTherapy } from '../organisation-therapy.entity.js';
import {
  assertOwnCode,
  assertUsable,
  MAX_ORGANISATION_THERAPIES,
  publishTherapyDefined,
  storedSettings,
  type TherapyValues,
} from '../organisation-therapies.js';

export interface DefineTherapyCommand {
  organisationId: string;
  code: string;
  countedAs: TherapyCode;
  values: TherapyValues;
  preparation: PreparationRequirements;
  /** With an Idempotency-Key, a retry returns the first response (not the 409 of a twin code). */
  idempotency?: IdempotencyRequest;
}

/** What the organisation-therapies endpoints answer, and what a retry with the same Idempotency-Key replays. */
export function therapyView(t: OrganisationTherapy): OrganisationTherapyView {
  const { code: _counted, requiresFasting: _f, mayDriveAfter: _d, vitals, routes, chairKinds, ...values } = t.settings;
  return {
    id: t.id,
    code: t.code,
    countedAs: t.countedAs,
    ...values,
    routes: [...routes],
    chairKinds: [...chairKinds],
    vitals: { ...vitals },
    preparation: { ...t.preparation },
    version: t.version,
  };
}

/**
 * An admin adds a therapy beyond the nine to the organisation's catalog. Its code is its natural
 * key: a retried request finds the therapy it already made (409 naming it) rather than a twin.
 */
@Injectable()
export class DefineTherapyUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(command: DefineTherapyCommand): Promise<IdempotentOutcome<OrganisationTherapy>> {
    assertOwnCode(command.code);
    const settings = storedSettings(command.countedAs, command.values, command.preparation);
    assertUsable(settings);
    return this.unitOfWork.runWithFinalWrite((tx) =>
      createdOnce(tx, command.idempotency, () => this.define(tx, command, settings), therapyView),
    );
  }

  private async define(
    tx: Transaction,
    command: DefineTherapyCommand,
    settings: OrganisationTherapy['settings'],
  ): Promise<OrganisationTherapy> {
    const { organisationId, code, countedAs, preparation } = command;
    // One definer at a time per organisation, so the bound below holds under concurrency.
    await tx.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 17))', [`organisation-therapy:${organisationId}`]);
    const existing = (await tx.manager.query('SELECT id FROM organisation_therapy WHERE organisation_id = $1 AND code = $2', [
      organisationId,
      code,
    ])) as Array<{ id: string }>;
    if (existing[0])
      throw ProblemException.conflict('therapy-exists', `The organisation already has a therapy ${code}.`, {
        therapyId: existing[0].id,
      });
    const [{ defined }] = (await tx.manager.query(
      'SELECT count(*)::int AS defined FROM organisation_therapy WHERE organisation_id = $1',
      [organisationId],
    )) as [{ defined: number }];
    if (defined >= MAX_ORGANISATION_THERAPIES)
      throw ProblemException.conflict(
        'therapy-limit',
        `An organisation defines at most ${MAX_ORGANISATION_THERAPIES} therapies of its own; change one instead.`,
        { limit: MAX_ORGANISATION_THERAPIES },
      );
    const therapy = tx.manager.create(OrganisationTherapy, {
      id: randomUUID(),
      organisationId,
      code,
      countedAs,
      settings,
      preparation,
      version: 1,
    });
    await tx.manager.insert(OrganisationTherapy, therapy);
    await publishTherapyDefined(tx, therapy);
    return therapy;
  }
}
