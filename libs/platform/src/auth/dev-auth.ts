/** The demo organisation `npm start` seeds. */
export const DEV_ORGANISATION_ID = '00000000-0000-4000-8000-000000000001';

/** The development secret is public by design; production sets AUTH_JWT_SECRET. */
export const DEV_JWT_SECRET = 'chairside-development-secret-not-for-production';
