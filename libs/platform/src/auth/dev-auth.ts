/** The demo organisation `npm start` seeds (and the local identity provider's users belong to). */
export const DEV_ORGANISATION_ID = '00000000-0000-4000-8000-000000000001';
