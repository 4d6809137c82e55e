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

  it('refuses the sessions test clock in production, and only for sessions', () => {
    expect(() => assertNoDevelopmentValues('sessions', production)).not.toThrow();
    expect(() => assertNoDevelopmentValues('sessions', { ...production, SESSIONS_ADJUSTABLE_CLOCK: 'true' })).toThrow(
      /SESSIONS_ADJUSTABLE_CLOCK/,
    );
    expect(() => assertNoDevelopmentValues('scheduling', { ...production, SESSIONS_ADJUSTABLE_CLOCK: 'true' })).not.toThrow();
  });
});
