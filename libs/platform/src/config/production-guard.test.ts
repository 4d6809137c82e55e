import { assertNoDevelopmentValues } from './production-guard.js';

describe('assertNoDevelopmentValues', () => {
  const production = {
    NODE_ENV: 'production',
    AUTH_OIDC_ISSUER: 'https://sso.hospital.example/realms/chairside',
    DATABASE_PASSWORD: 'a-real-password',
    DATABASE_RUNTIME_PASSWORD: 'another-real-password',
    SMS_AUTH_TOKEN: 'a-real-provider-token',
    SMS_ACCOUNT_SID: 'AC0123456789',
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
