export { setup as default } from './jest-identity.mjs';
