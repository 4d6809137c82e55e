import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * The short reference (e.g. "K7Q") every text about an appointment carries, so a reply that names
 * it applies to that appointment even when the patient has another visit texted since. Unique per
 * patient; never a word a reply could mean (letter, digit, letter).
 */
@Entity({ name: 'appointment_reference' })
@Unique('UQ_appointment_reference_patient_code', ['patientId', 'code'])
export class AppointmentReference {
  @PrimaryColumn({ type: 'uuid', name: 'appointment_id', primaryKeyConstraintName: 'PK_appointment_reference' })
  appointmentId!: string;

  @Column({ type: 'uuid', name: 'patient_id' })
  patientId!: string;

  @Column({ type: 'text' })
  code!: string;
}
