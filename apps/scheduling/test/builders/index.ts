export * from './center.builder.js';
export * from './patient.builder.js';
export * from './scheduling-harness.js';
