import { PatientContactChangedV1 } from '@chairside/contracts';
import type { Transaction } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import type { Patient } from './patient.entity.js';

/** Consent to be notified needs somewhere to send the notifications. */
export function assertReachable(contact: { phone?: string | null; email?: string | null; notificationConsent?: boolean }): void {
  if (!contact.phone && !contact.email && contact.notificationConsent) {
    throw ProblemException.validation([{ field: 'notificationConsent', reason: 'needs a phone or an email to notify' }]);
  }
}

/** Contact data goes to notifications on its own compacted topic, never with other events. */
export function publishContact(tx: Transaction, patient: Patient) {
  return tx.publish(
    PatientContactChangedV1,
    {
      patientId: patient.id,
      organisationId: patient.organisationId,
      givenName: patient.givenName,
      phone: patient.phone,
      email: patient.email,
      preferredLanguage: patient.preferredLanguage,
      preferredChannel: patient.preferredChannel,
      notificationConsent: patient.notificationConsent,
      ...(patient.preferences ? { preferences: patient.preferences } : {}),
    },
    { aggregateId: patient.id, aggregateSequence: patient.version },
  );
}
