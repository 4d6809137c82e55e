export * from './config/service.config.js';
export * from './start-service.js';
export * from './service-modules.js';
