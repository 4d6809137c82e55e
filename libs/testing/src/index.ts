export * from './wait.js';
export * from './tokens.js';
export * from './http.js';
export * from './kafka.js';
export * from './test-databases.js';
export * from './service-process.js';
export * from './center-fixture.js';
export * from './mail-sink.js';
