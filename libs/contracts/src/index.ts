export * from './topics.js';
export * from './envelope.js';
export * from './define-event.js';
export * from './catalog.js';
export * from './decode.js';
export * from './build-event.js';
export * from './personal-data.js';
export * from './events/scheduling-locations.js';
