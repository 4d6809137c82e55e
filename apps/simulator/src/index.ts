export * from './api.js';
export * from './center.js';
export { incidentRates, type IncidentRates } from './config/simulator.config.js';
export * from './incidents.js';
export * from './presets.js';
export * from './random.js';
export * from './simulate.js';
export * from './visit-plan.js';
