import { Renderer } from '../rendering/renderer.js';
import { appointmentPage, cancelQuestionPage } from './appointment-page.js';
import type { PatientPageView } from './patient-page.query.js';

describe('the patient page', () => {
  const renderer = new Renderer();
  const startsAt = new Date('2026-12-10T15:00:00Z');
  const view: PatientPageView = {
    messageId: '0b7f7c1e-3a5d-4c11-9f43-1d2e3f4a5b6c',
    kind: 'reminder',
    language: 'en',
    appointmentId: '1b7f7c1e-3a5d-4c11-9f43-1d2e3f4a5b6c',
    patientId: '2b7f7c1e-3a5d-4c11-9f43-1d2e3f4a5b6c',
    organisationId: '3b7f7c1e-3a5d-4c11-9f43-1d2e3f4a5b6c',
    status: 'booked',
    startsAt,
    endsAt: new Date('2026-12-10T16:10:00Z'),
    timeZone: 'America/Chicago',
    therapyCode: 'iron',
    therapy: null,
    ownTherapy: null,
    centerName: 'Lakeview <script>x</script>',
    centerAddress: '1 Main St "><img src=x>',
    reference: 'K7Q',
    details: {},
    sequence: 1,
    lastAnswer: null,
  };

  it("says a cancellation under 24 hours before the start is late (scheduling's rule), and not earlier", () => {
    const late = cancelQuestionPage(view, 'token', new Date(startsAt.getTime() - 23 * 3_600_000));
    expect(late).toContain('it counts as a late cancellation');
    const inTime = cancelQuestionPage(view, 'token', new Date(startsAt.getTime() - 25 * 3_600_000));
    expect(inTime).not.toContain('late cancellation');
    expect(inTime).toContain('<form method="post" action="/p/token/cancel">');
  });

  it("escapes the center's values and shows the time in the location's zone, in Spanish too", () => {
    const en = appointmentPage(renderer, view, 'token', new Date('2026-12-01T00:00:00Z'));
    expect(en).not.toMatch(/<script>x|<img/);
    expect(en).toContain('Lakeview &#60;script&#62;x&#60;/script&#62;');
    expect(en).toContain('9:00 AM (America/Chicago)');
    const es = appointmentPage(renderer, { ...view, language: 'es' }, 'token', new Date('2026-12-01T00:00:00Z'));
    expect(es).toContain('<html lang="es">');
    expect(es).toContain('Su cita de infusión de hierro');
    expect(es).toContain('Confirmo que iré');
  });

  it('offers the held time only while the hold stands, and no confirm or cancel on an offer', () => {
    const offer = {
      ...view,
      kind: 'waitlist-offer' as const,
      status: 'held' as const,
      details: { offerExpiresAt: '2026-12-08T17:00:00Z' },
    };
    expect(appointmentPage(renderer, offer, 't', new Date('2026-12-08T16:59:00Z'))).toContain('Take this time');
    const lapsed = appointmentPage(renderer, offer, 't', new Date('2026-12-08T17:00:00Z'));
    expect(lapsed).not.toContain('Take this time');
    expect(lapsed).toContain('no longer held for you');
    expect(lapsed).not.toContain('Confirm I will come');
  });
});
