export * from './audited.decorator.js';
export { type LinkAccess, linkAuditEntry } from './audit-entry.js';
export * from './audit-chain.js';
export * from './audit-purge.js';
export * from './audit-trail.js';
export * from './audit.module.js';
export * from './migrations/audit-trail.migration.js';
export * from './migrations/audit-runtime.migration.js';
export * from './audit-across-services.js';
