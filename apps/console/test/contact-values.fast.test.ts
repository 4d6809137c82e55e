import { contactBody, fieldErrors, NO_CONTACT, preferencesFor } from '../web/src/screens/patients/contact-values.js';

describe("the patient contact form's values", () => {
  it('sends no empty phone or email (scheduling reads an absent one as none, an empty one as invalid)', () => {
    expect(contactBody({ ...NO_CONTACT, phone: ' ', email: ' ana@example.test ', notificationConsent: true })).toEqual({
      email: 'ana@example.test',
      preferredLanguage: 'en',
      preferredChannel: 'email',
      notificationConsent: true,
    });
  });

  it("sends the patient's stated preferences back with the preferred channel first, and none when none were stated", () => {
    const stated = {
      channels: ['email', 'sms'] as Array<'email' | 'sms'>,
      optOutKinds: ['follow-up'],
      quietHours: { start: '21:00', end: '08:00' },
      timeZone: 'America/Chicago',
    };
    expect(preferencesFor({ ...NO_CONTACT, preferredChannel: 'sms' }, stated)).toEqual({ ...stated, channels: ['sms', 'email'] });
    expect(preferencesFor({ ...NO_CONTACT, preferredChannel: 'email' }, { ...stated, channels: ['sms'] })).toEqual({
      ...stated,
      channels: ['email', 'sms'],
    });
    expect(preferencesFor(NO_CONTACT, null)).toBeUndefined();
  });

  it('names each refused field by its top-level name, and nothing for other errors', () => {
    // As the console's ApiError carries scheduling's problem+json.
    const refusal = Object.assign(new Error('The request is not valid.'), {
      problem: {
        status: 400,
        errors: [
          { field: 'phone', reason: 'must be an E.164 phone number such as +13125550100' },
          { field: 'preferences.channels', reason: 'must not be empty' },
        ],
      },
    });
    expect(fieldErrors(refusal)).toEqual({
      phone: 'must be an E.164 phone number such as +13125550100',
      preferences: 'must not be empty',
    });
    expect(fieldErrors(Object.assign(new Error('Conflict'), { problem: { status: 409 } }))).toEqual({});
    expect(fieldErrors(new Error('offline'))).toEqual({});
  });
});
