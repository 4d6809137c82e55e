export { teardown as default } from './jest-identity.mjs';
