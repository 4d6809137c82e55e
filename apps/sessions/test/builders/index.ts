export { sessionsHarness } from './sessions-harness.js';
export { anExpectedSession, type BuiltSession, ExpectedSessionBuilder } from './session.builder.js';
