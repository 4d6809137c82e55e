// Kept here rather than importing @chairside/database: the HTTP layer only needs to recognise them.
export const UNIQUE_VIOLATION_CODE = '23505';
export const EXCLUSION_VIOLATION_CODE = '23P01';
