export { notificationsHarness } from './notifications-harness.js';
export { aPatient, type BuiltPatient, PatientBuilder } from './patient.builder.js';
