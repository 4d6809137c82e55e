export * from './roles.js';
export * from './chair.js';
export * from './time-zone.js';
export * from './therapies.js';
export * from './reactions.js';
export * from './vitals.js';
export * from './notifications.js';
export * from './durations.js';
