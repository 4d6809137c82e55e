export * from './config/database.config.js';
export * from './ensure-database.js';
export * from './data-source.js';
export * from './migrations.js';
export * from './postgres-errors.js';
export * from './sql.js';
export * from './prepared-write.js';
export * from './runtime-role.js';
