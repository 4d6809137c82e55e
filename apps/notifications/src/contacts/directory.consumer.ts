import { Controller } from '@nestjs/common';
import {
  type EventOf,
  LocationRegisteredV1,
  LocationUpdatedV1,
  PatientContactChangedV1,
  TherapySettingsChangedV1,
} from '@chairside/contracts';
import { type EventContext, OnEvent } from '@chairside/messaging';
import { defaultPreferences, lockPatient, PlanMessagesUseCase } from '../messages/plan-messages.use-case.js';

/** Contacts, locations and therapy preparation, kept current from scheduling's events. Upserts: a replay changes nothing. */
@Controller()
export class DirectoryConsumer {
  constructor(private readonly planner: PlanMessagesUseCase) {}

  @OnEvent(PatientContactChangedV1)
  async onContact(event: EventOf<typeof PatientContactChangedV1>, ctx: EventContext) {
    const d = event.data;
    await lockPatient(ctx.transaction, d.patientId);
    const preferences = d.preferences ?? defaultPreferences(d.preferredChannel);
    const [written] = (await ctx.manager.query(
      `INSERT INTO contact (patient_id, organisation_id, given_name, email, phone, language, consent, preferences, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (patient_id) DO UPDATE SET given_name = EXCLUDED.given_name, email = EXCLUDED.email, phone = EXCLUDED.phone, language = EXCLUDED.language,
         consent = EXCLUDED.consent, preferences = EXCLUDED.preferences, version = EXCLUDED.version
       WHERE contact.version < EXCLUDED.version
       RETURNING (xmax = 0) AS inserted`,
      [
        d.patientId,
        d.organisationId,
        d.givenName,
        d.email,
        d.phone,
        d.preferredLanguage,
        d.notificationConsent,
        JSON.stringify(preferences),
        event.aggregatesequence,
      ],
    )) as Array<{ inserted: boolean }>;
    if (written?.inserted) await this.planner.contactArrived(ctx.transaction, d.patientId, new Date(event.time));
    // Withdrawn consent or a new opt-out applies to what is already scheduled, not only to what comes.
    const withdrawn = (await ctx.manager.query(
      `SELECT DISTINCT appointment_id FROM message WHERE patient_id = $1 AND status IN ('scheduled', 'retrying') AND (NOT $2 OR kind = ANY($3::text[]))`,
      [d.patientId, d.notificationConsent, preferences.optOutKinds],
    )) as Array<{ appointment_id: string }>;
    for (const { appointment_id } of withdrawn)
      await this.planner.cancelPending(
        ctx.transaction,
        appointment_id,
        'opted-out',
        new Date(event.time),
        d.notificationConsent ? preferences.optOutKinds : undefined,
      );
  }

  @OnEvent(LocationRegisteredV1)
  onRegistered(event: EventOf<typeof LocationRegisteredV1>, ctx: EventContext) {
    return this.location(event.data, ctx);
  }

  @OnEvent(LocationUpdatedV1)
  onUpdated(event: EventOf<typeof LocationUpdatedV1>, ctx: EventContext) {
    return this.location(event.data, ctx);
  }

  @OnEvent(TherapySettingsChangedV1)
  async onTherapy(event: EventOf<typeof TherapySettingsChangedV1>, ctx: EventContext) {
    const d = event.data;
    await ctx.manager.query(
      `INSERT INTO known_therapy_setting (organisation_id, therapy_code, settings, version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (organisation_id, therapy_code) DO UPDATE SET settings = EXCLUDED.settings, version = EXCLUDED.version WHERE known_therapy_setting.version < EXCLUDED.version`,
      [
        d.organisationId,
        d.therapyCode,
        JSON.stringify({ name: d.name, requiresFasting: d.requiresFasting, mayDriveAfter: d.mayDriveAfter }),
        d.version,
      ],
    );
  }

  private async location(
    d: { locationId: string; organisationId: string; name: string; timeZone: string; centerAddress?: string | undefined },
    ctx: EventContext,
  ) {
    await ctx.manager.query(
      `INSERT INTO known_location (location_id, organisation_id, name, time_zone, center_address) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (location_id) DO UPDATE SET name = EXCLUDED.name, time_zone = EXCLUDED.time_zone, center_address = EXCLUDED.center_address`,
      [d.locationId, d.organisationId, d.name, d.timeZone, d.centerAddress ?? null],
    );
  }
}
