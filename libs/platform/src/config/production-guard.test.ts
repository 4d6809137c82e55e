import { assertNoDevelopmentValues } from './production-guard.js';

describe('assertNoDevelopmentValues', () => {
  const production = {
    NODE_ENV: 'production',
    AUTH_OIDC_ISSUER: 'https://sso.hospital.example/realms/chairside',
    DATABASE_PASSWORD: 'a-real-password',
    DATABASE_RUNTIME_PASSWORD: 'another-real-password',
    SMS_AUTH_TOKEN: 'a-real-provider-token',
    SMS_WEBHOOK_BASE_URL: 'https://notify.hospital.example',
    SMS_ACCOUNT_SID: 'AC0123456789',
    PATIENT_LINK_KEY: 'a-real-patient-link-key-of-32-characters-or-more',
    PATIENT_PAGE_URL: 'https://appointments.hospital.example',
  };

  it('refuses the adjustable test clock in production, naming the variable, and only for notifications', () => {
    expect(() => assertNoDevelopmentValues('notifications', production)).not.toThrow();
    expect(() => assertNoDevelopmentValues('notifications', { ...production, NOTIFICATIONS_ADJUSTABLE_CLOCK: 'true' })).toThrow(
      /NOTIFICATIONS_ADJUSTABLE_CLOCK/,
    );
    expect(() =>
      assertNoDevelopmentValues('scheduling', { ...production, NOTIFICATIONS_ADJUSTABLE_CLOCK: 'true' }),
    ).not.toThrow();
    expect(() =>
      assertNoDevelopmentValues('notifications', {
        ...production,
        NODE_ENV: 'development',
        NOTIFICATIONS_ADJUSTABLE_CLOCK: 'true',
      }),
    ).not.toThrow();
  });

  it("refuses the development key of patients' page links and a loopback or plain-http page address", () => {
    const refused = (env: Record<string, string | undefined>) => () =>
      assertNoDevelopmentValues('notifications', { ...production, ...env });
    expect(refused({ PATIENT_LINK_KEY: 'chairside-development-patient-link-key' })).toThrow(/PATIENT_LINK_KEY/);
    expect(refused({ PATIENT_LINK_KEY: undefined })).toThrow(/PATIENT_LINK_KEY/);
    expect(refused({ PATIENT_PAGE_URL: 'http://127.0.0.1:3003' })).toThrow(/PATIENT_PAGE_URL/);
    expect(refused({ PATIENT_PAGE_URL: 'http://appointments.hospital.example' })).toThrow(/PATIENT_PAGE_URL.*https/);
    expect(() => assertNoDevelopmentValues('scheduling', { ...production, PATIENT_LINK_KEY: undefined })).not.toThrow();
  });

  it('refuses the sessions test clock in production, and only for sessions', () => {
    expect(() => assertNoDevelopmentValues('sessions', production)).not.toThrow();
    expect(() => assertNoDevelopmentValues('sessions', { ...production, SESSIONS_ADJUSTABLE_CLOCK: 'true' })).toThrow(
      /SESSIONS_ADJUSTABLE_CLOCK/,
    );
    expect(() => assertNoDevelopmentValues('scheduling', { ...production, SESSIONS_ADJUSTABLE_CLOCK: 'true' })).not.toThrow();
  });

  it('refuses SMTP without TLS in production, only for notifications; STARTTLS (the default) and implicit TLS pass', () => {
    expect(() => assertNoDevelopmentValues('notifications', { ...production, SMTP_TLS: 'off' })).toThrow(/SMTP_TLS is off/);
    for (const tls of ['starttls', 'implicit'])
      expect(() => assertNoDevelopmentValues('notifications', { ...production, SMTP_TLS: tls })).not.toThrow();
    expect(() => assertNoDevelopmentValues('scheduling', { ...production, SMTP_TLS: 'off' })).not.toThrow();
    expect(() =>
      assertNoDevelopmentValues('notifications', { ...production, NODE_ENV: 'development', SMTP_TLS: 'off' }),
    ).not.toThrow();
  });
});
