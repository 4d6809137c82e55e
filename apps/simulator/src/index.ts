export * from './api.js';
export * from './center.js';
export * from './presets.js';
export * from './random.js';
export * from './simulate.js';
export * from './visit-plan.js';
