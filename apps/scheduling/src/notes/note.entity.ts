import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Appointment } from '../appointments/appointment.entity.js';
import { Location } from '../locations/location.entity.js';
import { Patient } from '../patients/patient.entity.js';

/** A scheduler's note on a patient, or on one of their appointments: free text, patient data, never logged. */
@Entity({ name: 'note' })
@Index('note_patient_idx', ['patientId', 'createdAt'])
@Index('note_appointment_idx', ['appointmentId', 'createdAt'])
export class Note {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_note' })
  id!: string;

  @Column({ type: 'uuid', name: 'organisation_id' })
  organisationId!: string;

  /** Where the author wrote it: staff limited to other locations do not read it. */
  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @ManyToOne(() => Location, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'FK_note_location' })
  location?: Location;

  @Column({ type: 'uuid', name: 'patient_id' })
  patientId!: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'FK_note_patient' })
  patient?: Patient;

  @Column({ type: 'uuid', name: 'appointment_id', nullable: true })
  appointmentId!: string | null;

  @ManyToOne(() => Appointment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'appointment_id', foreignKeyConstraintName: 'FK_note_appointment' })
  appointment?: Appointment;

  /** The staff member (token subject). */
  @Column({ type: 'text', name: 'author_id' })
  authorId!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}
