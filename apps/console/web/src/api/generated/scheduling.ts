// Generated from the scheduling service's OpenAPI document by infra/dev/openapi.mjs (npm run generate:api). Do not edit.
export interface paths {
    "/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuditController_search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["HealthController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["HealthController_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["LocationsController_list"];
        put?: never;
        post: operations["LocationsController_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["LocationsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["LocationsController_update"];
        trace?: never;
    };
    "/locations/{locationId}/appointments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AppointmentsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/appointments/{appointmentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AppointmentsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/appointments/{appointmentId}/book": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AppointmentsController_bookHeld"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/appointments/{appointmentId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AppointmentsController_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/appointments/{appointmentId}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AppointmentsController_confirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/appointments/{appointmentId}/no-show": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AppointmentsController_noShow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/appointments/{appointmentId}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["NotesController_ofAppointment"];
        put?: never;
        post: operations["NotesController_onAppointment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/appointments/{appointmentId}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AppointmentsController_release"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/appointments/{appointmentId}/reschedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AppointmentsController_reschedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/chairs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["LocationsController_chairs"];
        put?: never;
        post: operations["LocationsController_addChairTo"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/chairs/{chairId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["LocationsController_changeChair"];
        trace?: never;
    };
    "/locations/{locationId}/chairs/{chairId}/outages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OutagesController_outages"];
        put?: never;
        post: operations["OutagesController_scheduleOutage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/chairs/{chairId}/outages/{outageId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["OutagesController_cancelOutage"];
        options?: never;
        head?: never;
        patch: operations["OutagesController_changeOutage"];
        trace?: never;
    };
    "/locations/{locationId}/closures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ClosuresController_closures"];
        put?: never;
        post: operations["ClosuresController_add"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/closures/{closureId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["ClosuresController_remove"];
        options?: never;
        head?: never;
        patch: operations["ClosuresController_change"];
        trace?: never;
    };
    "/locations/{locationId}/day-book": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["DayBookController_read"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/day-resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["DayResourcesController_read"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/hours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OpeningHoursController_hours"];
        put: operations["OpeningHoursController_setHours"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/nurses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["StaffingController_nurses"];
        put?: never;
        post: operations["StaffingController_registerNurse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/nurses/{nurseId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["StaffingController_updateNurse"];
        trace?: never;
    };
    "/locations/{locationId}/nurses/{nurseId}/shifts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["StaffingController_addShift"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/nurses/{nurseId}/shifts/{shiftId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: operations["StaffingController_changeShift"];
        post?: never;
        delete: operations["StaffingController_removeShift"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/overbookings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OverbookingsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/patient-names": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["DayPatientNamesController_day"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/replans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ReplansController_day"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/replans/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ReplansController_applyProposals"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/replans/move-patient": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ReplansController_movePatient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/shifts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["StaffingController_shifts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/slots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AppointmentsController_slots"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/treatment-plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["TreatmentPlansController_book"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/treatment-plans/{planId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["TreatmentPlansController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/treatment-plans/{planId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["TreatmentPlansController_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/treatment-plans/{planId}/reschedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["TreatmentPlansController_reschedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/waitlist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["WaitlistController_list"];
        put?: never;
        post: operations["WaitlistController_join"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/waitlist/{requestId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["WaitlistController_withdraw"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/work-queues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["WorkQueuesController_summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/work-queues/{queue}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["WorkQueuesController_items"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/work-queues/{queue}/items/{subjectId}/resolution": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["WorkQueuesController_resolve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organisation-therapies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OrganisationTherapiesController_list"];
        put?: never;
        post: operations["OrganisationTherapiesController_define"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organisation-therapies/{therapyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OrganisationTherapiesController_get"];
        put: operations["OrganisationTherapiesController_revise"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/patients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PatientsController_search"];
        put?: never;
        post: operations["PatientsController_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/patients/{patientId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PatientsController_record"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/patients/{patientId}/contact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: operations["PatientsController_updateContact"];
        post?: never;
        delete: operations["PatientsController_eraseContact"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/patients/{patientId}/demographics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: operations["PatientsController_changeDemographics"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/patients/{patientId}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["NotesController_ofPatient"];
        put?: never;
        post: operations["NotesController_onPatient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/slots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OrganisationSlotsController_slots"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/therapies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["TherapiesController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/therapies/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["TherapiesController_get"];
        put: operations["TherapiesController_replace"];
        post?: never;
        delete: operations["TherapiesController_reset"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AddChairDto: {
            /**
             * @example recliner
             * @enum {string}
             */
            kind: "recliner" | "bed" | "private_room";
            /** @example Chair 12 */
            label: string;
        };
        AddClosureDto: {
            /**
             * @description The local date in the location's zone.
             * @example 2026-12-24
             */
            date: string;
            /**
             * @description Local time it closes; leave from and to out for a holiday (the whole day).
             * @example 13:00
             */
            from?: string;
            /** @example Christmas Eve: closes at one */
            reason: string;
            /**
             * @description Local time it opens again ('24:00' for the day's end).
             * @example 24:00
             */
            to?: string;
        };
        AddedClosureView: {
            /** @description Appointments in the closed time: still booked, flagged at risk and handed to the re-plan. */
            affectedAppointments: components["schemas"]["AffectedAppointmentView"][];
            date: string;
            endsAt: string;
            from: string | null;
            id: string;
            /** @enum {string} */
            kind: "holiday" | "partial-day";
            locationId: string;
            reason: string;
            startsAt: string;
            to: string | null;
            /** @description Send as If-Match to change or remove it without overwriting someone else’s change. */
            version: number;
        };
        AddedShiftView: {
            breaks: components["schemas"]["ShiftBreakView"][];
            endsAt: string;
            id: string;
            nurseId: string;
            startsAt: string;
        };
        AddNoteDto: {
            /** @description Free text, 1 to 2000 characters (patient data: audited, never logged). */
            body: string;
        };
        AddPatientNoteDto: {
            /** @description Free text, 1 to 2000 characters (patient data: audited, never logged). */
            body: string;
            /** @description Where the note is written; the caller's only location when absent. */
            locationId?: string;
        };
        AddShiftDto: {
            breaks?: components["schemas"]["BreakDto"][];
            /**
             * Format: date-time
             * @example 2026-12-01T22:00:00Z
             */
            endsAt: string;
            /**
             * Format: date-time
             * @example 2026-12-01T13:30:00Z
             */
            startsAt: string;
        };
        AffectedAppointmentView: {
            appointmentId: string;
            chairId: string;
            endsAt: string;
            nurseId: string;
            patientId: string;
            startsAt: string;
            status: string;
        };
        ApplyReplansDto: {
            /** @description The proposals to apply together, all or nothing. */
            proposals: components["schemas"]["ProposalChoiceDto"][];
        };
        AppointmentView: {
            /** @description When the patient left the chair (from the sessions service). */
            actualEndsAt: string | null;
            /** @description Since when an earlier session on its chair or nurse is projected to overrun its start. */
            atRiskSince: string | null;
            chairId: string;
            confirmedAt: string | null;
            durationMinutes: number;
            endsAt: string;
            /** @description While held (proposed): when the hold lapses. */
            holdExpiresAt: string | null;
            id: string;
            locationId: string;
            nurseId: string;
            /** @description Placed by an admin against a rule (audited). */
            overbooked: boolean;
            /** @description While its session overruns: when the patient is now expected to leave; chair, nurse and patient are held until then. */
            overrunEndsAt: string | null;
            patientId: string;
            /** @description The patient asked by SMS to move this appointment. */
            rescheduleRequestedAt: string | null;
            startsAt: string;
            status: string;
            /**
             * @description For a therapy the organisation defined: the built-in it is counted as.
             * @enum {string}
             */
            therapyCode: "biologics" | "chemotherapy" | "hydration" | "immune_globulin" | "immunotherapy" | "iron" | "iv_antibiotics" | "steroids" | "therapeutic_phlebotomy";
            /** @description A therapy the organisation defined. */
            therapyId: string | null;
            treatmentPlanId: string | null;
            version: number;
        };
        BookAppointmentDto: {
            /** Format: uuid */
            chairId?: string;
            /** @description This patient’s infusion time; the therapy’s default (or the current one when rescheduling) when absent. */
            durationMinutes?: number;
            /** @description Hold the slot (status proposed) for this many minutes instead of booking it; POST …/book turns the hold into a booking. */
            holdMinutes?: number;
            /** Format: uuid */
            nurseId?: string;
            /** @description Admins only: book even outside opening hours, inside the pharmacy lead time or over a nurse’s monitoring capacity, for this reason (audited). Needs chairId and nurseId. A chair or patient in two places at once is never allowed. */
            overbookReason?: string;
            /** Format: uuid */
            patientId: string;
            /**
             * Format: date-time
             * @description UTC instant (a slot from GET …/slots).
             * @example 2026-12-01T15:00:00Z
             */
            startsAt: string;
            /**
             * @description One of the nine built-in therapies; leave out with therapyId.
             * @enum {string}
             */
            therapyCode?: "biologics" | "chemotherapy" | "hydration" | "immune_globulin" | "immunotherapy" | "iron" | "iv_antibiotics" | "steroids" | "therapeutic_phlebotomy";
            /**
             * Format: uuid
             * @description A therapy the organisation defined (GET /organisation-therapies).
             */
            therapyId?: string;
        };
        BookTreatmentPlanDto: {
            /**
             * @description Number of doses, e.g. 6.
             * @example 6
             */
            doses: number;
            durationMinutes?: number;
            /**
             * Format: date-time
             * @description First dose (UTC instant); later doses keep its local wall-clock time.
             * @example 2026-12-01T15:00:00Z
             */
            firstStartsAt: string;
            /**
             * @description Days between doses, e.g. 28 for immune globulin every four weeks.
             * @example 28
             */
            intervalDays: number;
            /** Format: uuid */
            patientId: string;
            /**
             * @description One of the nine built-in therapies; leave out with therapyId.
             * @enum {string}
             */
            therapyCode?: "biologics" | "chemotherapy" | "hydration" | "immune_globulin" | "immunotherapy" | "iron" | "iv_antibiotics" | "steroids" | "therapeutic_phlebotomy";
            /**
             * Format: uuid
             * @description A therapy the organisation defined (GET /organisation-therapies).
             */
            therapyId?: string;
            /**
             * @description Days a dose may move either way when its target time is taken.
             * @default 2
             */
            toleranceDays: number;
        };
        BreakDto: {
            /** Format: date-time */
            end: string;
            /** Format: date-time */
            start: string;
        };
        CancelAppointmentDto: {
            /** @enum {string} */
            reason: "patient_request" | "clinical" | "center" | "other";
        };
        CancelChairOutageDto: {
            /** @example repaired early */
            reason?: string;
        };
        CancelledOutageView: {
            cancellationReason: string | null;
            cancelledAt: string;
            chairId: string;
            endsAt: string;
            id: string;
            reason: string;
            startsAt: string;
            /** @description Appointments it had flagged that nothing else disturbs: no longer at risk, their proposals for it superseded. */
            unflaggedAppointments: components["schemas"]["AffectedAppointmentView"][];
        };
        CancelledTreatmentPlanView: {
            /** @description The doses still to come, cancelled with the plan. */
            cancelledAppointmentIds: string[];
            id: string;
            patientId: string;
            /** @enum {string} */
            status: "cancelled";
            version: number;
        };
        ChairOutageView: {
            /** @description Appointments on this chair during the outage: they stay booked until someone moves them. */
            affectedAppointmentIds: string[];
            /** @description The same appointments in full: flagged at risk and handed to the re-plan. */
            affectedAppointments: components["schemas"]["AffectedAppointmentView"][];
            chairId: string;
            endsAt: string;
            id: string;
            reason: string;
            startsAt: string;
            /** @description Send as If-Match to edit without overwriting someone else’s change. */
            version: number;
        };
        ChairView: {
            id: string;
            /** @enum {string} */
            kind: "recliner" | "bed" | "private_room";
            label: string;
            locationId: string;
            /** @description Since when the chair takes no bookings; null while in service. */
            retiredAt: string | null;
            /** @description Send as If-Match to update without overwriting someone else’s change. */
            version: number;
        };
        ChangeChairOutageDto: {
            /**
             * Format: date-time
             * @example 2026-12-03T18:00:00Z
             */
            endsAt?: string;
            /** @example Recliner motor: part on back order */
            reason?: string;
            /**
             * Format: date-time
             * @example 2026-12-01T14:00:00Z
             */
            startsAt?: string;
        };
        ChangeClosureDto: {
            /**
             * @description A new local date in the location's zone.
             * @example 2026-12-31
             */
            date?: string;
            /**
             * @description New local times, from and to together; both null to close the whole day.
             * @example 13:00
             */
            from?: string | null;
            /** @example Staff training, afternoon only */
            reason?: string;
            /** @example 24:00 */
            to?: string | null;
        };
        ChangedClosureView: {
            /** @description Appointments in the closed time: still booked, flagged at risk and handed to the re-plan. */
            affectedAppointments: components["schemas"]["AffectedAppointmentView"][];
            date: string;
            endsAt: string;
            from: string | null;
            id: string;
            /** @enum {string} */
            kind: "holiday" | "partial-day";
            locationId: string;
            reason: string;
            startsAt: string;
            to: string | null;
            /** @description Appointments the old time covered and the new one does not, that nothing else disturbs: no longer at risk, their proposals for this closure superseded. */
            unflaggedAppointments: components["schemas"]["AffectedAppointmentView"][];
            /** @description Send as If-Match to change or remove it without overwriting someone else’s change. */
            version: number;
        };
        ChangedOutageView: {
            /** @description Appointments the new period covers and the old one did not: flagged at risk and handed to the re-plan. */
            affectedAppointments: components["schemas"]["AffectedAppointmentView"][];
            chairId: string;
            endsAt: string;
            id: string;
            reason: string;
            startsAt: string;
            /** @description Appointments the old period covered and the new one does not, that nothing else disturbs: no longer at risk, their proposals for this outage superseded. */
            unflaggedAppointments: components["schemas"]["AffectedAppointmentView"][];
            version: number;
        };
        ChangedShiftView: {
            /** @description Her appointments the new times no longer cover: flagged for re-planning. */
            affectedAppointments: components["schemas"]["AffectedAppointmentView"][];
            breaks: components["schemas"]["ShiftBreakView"][];
            endsAt: string;
            nurseId: string;
            shiftId: string;
            startsAt: string;
        };
        ClosureView: {
            date: string;
            endsAt: string;
            from: string | null;
            id: string;
            /** @enum {string} */
            kind: "holiday" | "partial-day";
            locationId: string;
            reason: string;
            startsAt: string;
            to: string | null;
            /** @description Send as If-Match to change or remove it without overwriting someone else’s change. */
            version: number;
        };
        DayNurseView: {
            /**
             * @description Patients she monitors at once.
             * @example 4
             */
            capacity: number;
            displayName: string;
            nurseId: string;
            /** @description Her shifts that overlap the day, by start. */
            shifts: components["schemas"]["DayShiftView"][];
        };
        DayOpeningView: {
            /** @example 2030-01-07T17:00:00.000Z */
            closesAt: string;
            /** @example 2030-01-07T07:00:00.000Z */
            opensAt: string;
        };
        DayOutageView: {
            chairId: string;
            /** @description Start of the outage (it may begin on an earlier day). */
            from: string;
            outageId: string;
            /** @example Recliner motor repair */
            reason: string;
            /** @description End of the outage (it may end on a later day). */
            to: string;
        };
        DayResourcesView: {
            /** @example 2030-01-07 */
            date: string;
            locationId: string;
            /** @description Nurses with a shift that overlaps the day, by name. */
            nurses: components["schemas"]["DayNurseView"][];
            /** @description When the center is open that day (none when closed). */
            opening: components["schemas"]["DayOpeningView"][];
            /** @description Chair outages, not cancelled, that overlap the day. */
            outages: components["schemas"]["DayOutageView"][];
            /** @example Europe/Madrid */
            timeZone: string;
        };
        DayShiftView: {
            from: string;
            to: string;
        };
        DefineTherapyDto: {
            /** @enum {string} */
            certification: "infusion" | "chemotherapy_biotherapy";
            chairKinds: ("recliner" | "bed" | "private_room")[];
            /**
             * @description The organisation's code: lower-case letters, digits and '-', 2–40 characters, never one of the nine.
             * @example ocrelizumab
             */
            code: string;
            /**
             * @description The built-in therapy it is counted as wherever the platform needs one of the nine (events, vital-sign schedule, reactions, analytics).
             * @enum {string}
             */
            countedAs: "biologics" | "chemotherapy" | "hydration" | "immune_globulin" | "immunotherapy" | "iron" | "iv_antibiotics" | "steroids" | "therapeutic_phlebotomy";
            /** @example 30 */
            defaultDurationMinutes: number;
            /** @example 240 */
            maxDurationMinutes: number;
            /** @example 30 */
            minDurationMinutes: number;
            /** @example Iron infusion */
            name: string;
            /** @example 30 */
            observationMinutes: number;
            /** @example 30 */
            pharmacyLeadMinutes: number;
            preparation: components["schemas"]["PreparationDto"];
            routes: ("iv" | "subcutaneous" | "intramuscular" | "other")[];
            /** @example 10 */
            turnoverMinutes: number;
            vitals: components["schemas"]["VitalsScheduleDto"];
        };
        DoseView: {
            appointmentId: string | null;
            /** @description The appointment's version (If-Match on its own changes). */
            appointmentVersion?: number;
            dose: number;
            reason?: string;
            startsAt: string | null;
            /**
             * @description pending: never placed (targetStartsAt and reason say why); held, booked, confirmed: to come; under-way: the patient is here; done, no-show, cancelled, entered-in-error: as the appointment ended.
             * @enum {string}
             */
            state: "pending" | "held" | "booked" | "confirmed" | "under-way" | "done" | "cancelled" | "no-show" | "entered-in-error";
            targetStartsAt?: string;
        };
        JoinWaitlistDto: {
            durationMinutes?: number;
            /**
             * Format: date-time
             * @description Earliest acceptable start (UTC instant).
             */
            earliest: string;
            /**
             * Format: date-time
             * @description Latest acceptable start (UTC instant), at most 90 days after earliest.
             */
            latest: string;
            /** Format: uuid */
            patientId: string;
            /** @example 09:00 */
            preferredFrom?: string;
            /** @example 12:00 */
            preferredTo?: string;
            /**
             * @description Days of the week the patient can come, ISO (1 = Monday … 7 = Sunday) in the location's zone; omitted: any day. Freed time on one of them ranks this request higher, on another day lower.
             * @example [
             *       1,
             *       3,
             *       5
             *     ]
             */
            preferredWeekdays?: number[];
            /**
             * @description One of the nine built-in therapies; leave out with therapyId.
             * @enum {string}
             */
            therapyCode?: "biologics" | "chemotherapy" | "hydration" | "immune_globulin" | "immunotherapy" | "iron" | "iv_antibiotics" | "steroids" | "therapeutic_phlebotomy";
            /**
             * Format: uuid
             * @description A therapy the organisation defined (GET /organisation-therapies).
             */
            therapyId?: string;
        };
        ListedNurseView: {
            /** @description Patients monitored at once. */
            capacity: number;
            certifications: ("infusion" | "chemotherapy_biotherapy")[];
            displayName: string;
            id: string;
            locationId: string;
            /** @description The same as id. */
            nurseId: string;
            /** @description Minutes of exclusive set-up per patient start. */
            startWindowMinutes: number;
            /** @description Send as If-Match to update without overwriting someone else’s change. */
            version: number;
        };
        LocatedOpeningHoursView: {
            /** @description Local dates YYYY-MM-DD. */
            closedDates: string[];
            locationId: string;
            /** @description The location's zone, which the times are in. */
            timeZone: string;
            /** @description Local times by ISO weekday, 1 = Monday. */
            weeklyHours: {
                [key: string]: {
                    /** @example 18:00 */
                    closes: string;
                    /** @example 08:00 */
                    opens: string;
                }[];
            };
        };
        LocationShiftsView: {
            days: number;
            /** @description The first local date. */
            from: string;
            locationId: string;
            shifts: components["schemas"]["LocationShiftView"][];
            timeZone: string;
        };
        LocationShiftView: {
            breaks: components["schemas"]["ShiftBreakView"][];
            endsAt: string;
            id: string;
            nurseId: string;
            nurseName: string;
            startsAt: string;
        };
        LocationView: {
            centerAddress: string | null;
            id: string;
            name: string;
            organisationId: string;
            timeZone: string;
            /** @description Send as If-Match to update without overwriting someone else’s change. */
            version: number;
        };
        MovePatientDto: {
            /** Format: uuid */
            appointmentId: string;
            /**
             * @description The appointment's version as seen: 409 if it changed since.
             * @example 3
             */
            appointmentVersion?: number;
            /** Format: uuid */
            chairId?: string;
            /** Format: uuid */
            nurseId?: string;
        };
        NotificationPreferencesDto: {
            /**
             * @description Channels to try, in order; the next is the fallback.
             * @example [
             *       "sms",
             *       "email"
             *     ]
             */
            channels: ("email" | "sms")[];
            /**
             * @example [
             *       "follow-up"
             *     ]
             */
            optOutKinds: ("confirmation" | "reminder" | "reschedule" | "cancellation" | "delay" | "back-on-time" | "follow-up" | "waitlist-offer" | "discharge")[];
            /** @description No message starts in this local window. */
            quietHours?: components["schemas"]["QuietHoursDto"] | null;
            /**
             * @description The patient's zone for quiet hours; the center's when absent.
             * @example America/Chicago
             */
            timeZone?: Record<string, never> | null;
        };
        NurseView: {
            /** @description Patients monitored at once. */
            capacity: number;
            certifications: ("infusion" | "chemotherapy_biotherapy")[];
            displayName: string;
            id: string;
            locationId: string;
            /** @description The same as id. */
            nurseId: string;
            /** @description Minutes of exclusive set-up per patient start. */
            startWindowMinutes: number;
        };
        OpeningHoursDto: {
            /**
             * @example [
             *       "2026-12-25"
             *     ]
             */
            closedDates?: string[];
            /**
             * @description Local times by ISO weekday, 1 = Monday.
             * @example {
             *       "1": [
             *         {
             *           "opens": "08:00",
             *           "closes": "18:00"
             *         }
             *       ]
             *     }
             */
            weeklyHours: {
                [key: string]: {
                    /** @example 18:00 */
                    closes: string;
                    /** @example 08:00 */
                    opens: string;
                }[];
            };
        };
        OpeningHoursView: {
            /** @description Local dates YYYY-MM-DD. */
            closedDates: string[];
            locationId: string;
            /** @description Local times by ISO weekday, 1 = Monday. */
            weeklyHours: {
                [key: string]: {
                    /** @example 18:00 */
                    closes: string;
                    /** @example 08:00 */
                    opens: string;
                }[];
            };
        };
        OrganisationTherapyValuesDto: {
            /** @enum {string} */
            certification: "infusion" | "chemotherapy_biotherapy";
            chairKinds: ("recliner" | "bed" | "private_room")[];
            /**
             * @description The built-in therapy it is counted as wherever the platform needs one of the nine (events, vital-sign schedule, reactions, analytics).
             * @enum {string}
             */
            countedAs: "biologics" | "chemotherapy" | "hydration" | "immune_globulin" | "immunotherapy" | "iron" | "iv_antibiotics" | "steroids" | "therapeutic_phlebotomy";
            /** @example 30 */
            defaultDurationMinutes: number;
            /** @example 240 */
            maxDurationMinutes: number;
            /** @example 30 */
            minDurationMinutes: number;
            /** @example Iron infusion */
            name: string;
            /** @example 30 */
            observationMinutes: number;
            /** @example 30 */
            pharmacyLeadMinutes: number;
            preparation: components["schemas"]["PreparationDto"];
            routes: ("iv" | "subcutaneous" | "intramuscular" | "other")[];
            /** @example 10 */
            turnoverMinutes: number;
            vitals: components["schemas"]["VitalsScheduleDto"];
        };
        OrganisationTherapyView: {
            /** @enum {string} */
            certification: "infusion" | "chemotherapy_biotherapy";
            chairKinds: ("recliner" | "bed" | "private_room")[];
            /**
             * @description The organisation's code: lower-case letters, digits and '-', 2–40 characters, never one of the nine.
             * @example ocrelizumab
             */
            code: string;
            /**
             * @description The built-in therapy it is counted as wherever the platform needs one of the nine (events, vital-sign schedule, reactions, analytics).
             * @enum {string}
             */
            countedAs: "biologics" | "chemotherapy" | "hydration" | "immune_globulin" | "immunotherapy" | "iron" | "iv_antibiotics" | "steroids" | "therapeutic_phlebotomy";
            /** @example 30 */
            defaultDurationMinutes: number;
            /**
             * Format: uuid
             * @description Book it with therapyId.
             */
            id: string;
            /** @example 240 */
            maxDurationMinutes: number;
            /** @example 30 */
            minDurationMinutes: number;
            /** @example Iron infusion */
            name: string;
            /** @example 30 */
            observationMinutes: number;
            /** @example 30 */
            pharmacyLeadMinutes: number;
            preparation: components["schemas"]["PreparationDto"];
            routes: ("iv" | "subcutaneous" | "intramuscular" | "other")[];
            /** @example 10 */
            turnoverMinutes: number;
            /** @description The ETag. */
            version: number;
            vitals: components["schemas"]["VitalsScheduleDto"];
        };
        PlacedDoseView: {
            appointmentId: string;
            dose: number;
            startsAt: string;
        };
        PreparationDto: {
            /** @description Come with someone. */
            bringCompanion: boolean;
            /** @description Nothing to eat for the hours before the visit. */
            fasting: boolean;
            /** @description Drink plenty of water the day before and the morning of the visit. */
            hydration: boolean;
            /** @description Blood tests the day before. */
            labsDayBefore: boolean;
            /** @description The patient may usually drive home afterwards. */
            mayDrive: boolean;
            /** @description Medicine before the infusion, as prescribed. */
            premedication: boolean;
        };
        ProposalChoiceDto: {
            /** Format: uuid */
            proposalId: string;
            /**
             * @description The proposal's version as listed: a proposal that changed since is refused (409).
             * @example 1
             */
            version: number;
        };
        QuietHoursDto: {
            /** @example 08:00 */
            end: string;
            /** @example 21:00 */
            start: string;
        };
        RegisterLocationDto: {
            /**
             * @description Street address patients are sent to.
             * @example 1200 W Harrison St, Chicago, IL 60607
             */
            centerAddress?: string;
            /** @example Riverside Infusion Center */
            name: string;
            /**
             * @description IANA time zone: opening hours and reminders follow it, DST included.
             * @example America/Chicago
             */
            timeZone: string;
        };
        RegisterNurseDto: {
            /**
             * @description Patients monitored at once.
             * @default 4
             */
            capacity: number;
            certifications: ("infusion" | "chemotherapy_biotherapy")[];
            /** @example Nurse Alvarez */
            displayName: string;
            /**
             * @description Minutes of exclusive set-up per patient start.
             * @default 15
             */
            startWindowMinutes: number;
        };
        RegisterPatientDto: {
            /** @example 1961-04-12 */
            dateOfBirth: string;
            email?: string;
            familyName: string;
            givenName: string;
            /** @description The location registering the patient: its staff see the patient before a first booking. Required for a user limited to several locations; defaults to the only one. */
            locationId?: string;
            /**
             * @description The organisation's medical record number, unique in it (stored upper case); one is generated (C00000001…) when absent.
             * @example MRN-004211
             */
            mrn?: string;
            /** @default false */
            notificationConsent: boolean;
            /** @example +13125550100 */
            phone?: string;
            preferences?: components["schemas"]["NotificationPreferencesDto"];
            /**
             * @default email
             * @enum {string}
             */
            preferredChannel: "email" | "sms";
            /**
             * @default en
             * @enum {string}
             */
            preferredLanguage: "en" | "es";
        };
        RemovedClosureView: {
            endsAt: string;
            id: string;
            locationId: string;
            removedAt: string;
            startsAt: string;
            /** @description Appointments it had flagged that nothing else disturbs: no longer at risk, their proposals for this closure superseded. */
            unflaggedAppointments: components["schemas"]["AffectedAppointmentView"][];
        };
        RemovedShiftView: {
            /** @description Her appointments in the shift: still booked, flagged for re-planning. */
            affectedAppointments: components["schemas"]["AffectedAppointmentView"][];
            endsAt: string;
            nurseId: string;
            reason: string;
            shiftId: string;
            startsAt: string;
        };
        RemoveShiftDto: {
            /**
             * @description Why the shift is removed (kept on the event).
             * @example sick call
             */
            reason: string;
        };
        RescheduleAppointmentDto: {
            /** Format: uuid */
            chairId?: string;
            /** @description This patient’s infusion time; the therapy’s default (or the current one when rescheduling) when absent. */
            durationMinutes?: number;
            /** Format: uuid */
            nurseId?: string;
            /**
             * Format: date-time
             * @description UTC instant (a slot from GET …/slots).
             * @example 2026-12-01T15:00:00Z
             */
            startsAt: string;
        };
        RescheduleTreatmentPlanDto: {
            /**
             * Format: date-time
             * @description New time of the first remaining dose (UTC instant, in the future); the others follow at the interval, same local wall-clock time.
             * @example 2026-12-08T15:00:00Z
             */
            firstStartsAt: string;
            /**
             * @description Days between the remaining doses; the plan's own interval when absent.
             * @example 28
             */
            intervalDays?: number;
        };
        ResolveWorkItemDto: {
            /** @description The item's key as the queue listed it: the item as the caller saw it. */
            itemKey: string;
            /** @description What was said or done (patient data: audited, never logged). */
            note?: string;
            /**
             * @description One of the queue's outcomes (listed with each item).
             * @example confirmed
             */
            outcome: string;
        };
        ScheduleChairOutageDto: {
            /**
             * Format: date-time
             * @example 2026-12-03T14:00:00Z
             */
            endsAt: string;
            /** @example Recliner motor repair */
            reason: string;
            /**
             * Format: date-time
             * @example 2026-12-01T14:00:00Z
             */
            startsAt: string;
        };
        ShiftBreakView: {
            end: string;
            start: string;
        };
        SlotReasonsView: {
            /** @description The location’s chairs (what chairsBusy is out of). */
            chairs: number;
            /** @description Most chairs of the location in use at once during the stay, this one included. */
            chairsBusy: number;
            /** @description For a stay of 4 hours or more, hours after the day’s opening it starts (long treatments rank early); 0 otherwise. */
            longStayHoursAfterOpening: number;
            /** @description Patients the slot’s nurse may monitor at once. */
            nurseCapacity: number;
            /** @description Most patients the slot’s nurse monitors at once during the stay, this one included. */
            nursePatients: number;
            /** @description Hours between this start and the patient’s preferred times (0 inside them, or none given). */
            preferenceHours: number;
            /** @description Other treatments at the location starting within 30 minutes of this start. */
            startsNearby: number;
        };
        SlotView: {
            chairId: string;
            end: string;
            localStart: string;
            locationId: string;
            nurseId: string;
            /** @description What the score weighs, as counts. */
            reasons: components["schemas"]["SlotReasonsView"];
            /** @description Lower is better: level load first, then the patient’s preference. */
            score: number;
            start: string;
        };
        TherapySettingsDto: {
            /** @enum {string} */
            certification: "infusion" | "chemotherapy_biotherapy";
            chairKinds: ("recliner" | "bed" | "private_room")[];
            /** @example 30 */
            defaultDurationMinutes: number;
            /** @example 240 */
            maxDurationMinutes: number;
            mayDriveAfter: boolean;
            /** @example 30 */
            minDurationMinutes: number;
            /** @example Iron infusion */
            name: string;
            /** @example 30 */
            observationMinutes: number;
            /** @example 30 */
            pharmacyLeadMinutes: number;
            requiresFasting: boolean;
            routes: ("iv" | "subcutaneous" | "intramuscular" | "other")[];
            /** @example 10 */
            turnoverMinutes: number;
            vitals: components["schemas"]["VitalsScheduleDto"];
        };
        TherapyView: {
            /** @enum {string} */
            certification: "infusion" | "chemotherapy_biotherapy";
            chairKinds: ("recliner" | "bed" | "private_room")[];
            /** @enum {string} */
            code: "biologics" | "chemotherapy" | "hydration" | "immune_globulin" | "immunotherapy" | "iron" | "iv_antibiotics" | "steroids" | "therapeutic_phlebotomy";
            /** @example 30 */
            defaultDurationMinutes: number;
            /** @description True while the organisation uses the catalog default. */
            isDefault: boolean;
            /** @example 240 */
            maxDurationMinutes: number;
            mayDriveAfter: boolean;
            /** @example 30 */
            minDurationMinutes: number;
            /** @example Iron infusion */
            name: string;
            /** @example 30 */
            observationMinutes: number;
            /** @example 30 */
            pharmacyLeadMinutes: number;
            requiresFasting: boolean;
            routes: ("iv" | "subcutaneous" | "intramuscular" | "other")[];
            /** @example 10 */
            turnoverMinutes: number;
            /** @description 0 for the catalog default; the ETag. */
            version: number;
            vitals: components["schemas"]["VitalsScheduleDto"];
        };
        TreatmentPlanView: {
            doses: number;
            id: string;
            intervalDays: number;
            locationId: string;
            patientId: string;
            /** @description Doses with an appointment that is not cancelled. */
            placed: components["schemas"]["PlacedDoseView"][];
            /** @description Every dose of the plan, in order, with its state. */
            series: components["schemas"]["DoseView"][];
            /** @enum {string} */
            status: "active" | "cancelled";
            /**
             * @description For a therapy the organisation defined, the built-in it is counted as.
             * @enum {string}
             */
            therapyCode: "biologics" | "chemotherapy" | "hydration" | "immune_globulin" | "immunotherapy" | "iron" | "iv_antibiotics" | "steroids" | "therapeutic_phlebotomy";
            /** @description A therapy the organisation defined, or null. */
            therapyId: string | null;
            /** @description Doses that could not be placed, with why. Empty when the whole plan is booked. */
            unplaced: components["schemas"]["UnplacedDoseView"][];
            /** @description Also the ETag; If-Match on cancel and reschedule. */
            version: number;
        };
        UnplacedDoseView: {
            dose: number;
            reason: string;
            targetStartsAt: string;
        };
        UpdateChairDto: {
            /** @example Chair 12 (window) */
            label?: string;
            /** @description true retires the chair now (it takes no bookings from then on); false brings it back. */
            retired?: boolean;
        };
        UpdatedChairView: {
            /** @description Coming appointments on a chair this change retired. */
            affectedAppointments: components["schemas"]["AffectedAppointmentView"][];
            id: string;
            /** @enum {string} */
            kind: "recliner" | "bed" | "private_room";
            label: string;
            locationId: string;
            /** @description Since when the chair takes no bookings; null while in service. */
            retiredAt: string | null;
            /** @description Send as If-Match to update without overwriting someone else’s change. */
            version: number;
        };
        UpdatedNurseView: {
            /** @description Her coming appointments the new values no longer allow: flagged at risk and handed to the re-plan. */
            affectedAppointments: components["schemas"]["AffectedAppointmentView"][];
            capacity: number;
            certifications: ("infusion" | "chemotherapy_biotherapy")[];
            displayName: string;
            locationId: string;
            nurseId: string;
            startWindowMinutes: number;
            /** @description Send as If-Match to update without overwriting someone else’s change. */
            version: number;
        };
        UpdateLocationDto: {
            /** @example 1200 W Harrison St, Chicago, IL 60607 */
            centerAddress?: string;
            /** @example Riverside Infusion Center */
            name?: string;
            /** @example America/Chicago */
            timeZone?: string;
        };
        UpdateNurseDto: {
            /** @description Patients monitored at once. */
            capacity?: number;
            /** @description The full new list. */
            certifications?: ("infusion" | "chemotherapy_biotherapy")[];
            /** @description Minutes of exclusive set-up per patient start. */
            startWindowMinutes?: number;
        };
        UpdatePatientContactDto: {
            email?: Record<string, never> | null;
            notificationConsent: boolean;
            /** @example +13125550100 */
            phone?: Record<string, never> | null;
            preferences?: components["schemas"]["NotificationPreferencesDto"];
            /** @enum {string} */
            preferredChannel: "email" | "sms";
            /** @enum {string} */
            preferredLanguage: "en" | "es";
        };
        UpdatePatientDemographicsDto: {
            /** @example 1961-04-12 */
            dateOfBirth: string;
            familyName: string;
            givenName: string;
            /** @example MRN-004211 */
            mrn: string;
            /** @description The version last read, when If-Match is not sent. */
            version?: number;
        };
        VitalsScheduleDto: {
            /** @example 15 */
            firstHourEveryMinutes: number;
            /** @example 30 */
            thenEveryMinutes: number;
        };
        WaitlistRequestView: {
            durationMinutes: number;
            earliest: string;
            id: string;
            latest: string;
            locationId: string;
            /** @description The held appointment offered, while the offer stands. */
            offeredAppointmentId: string | null;
            patientId: string;
            /** @description ISO days of the week (1 = Monday) the patient can come, in the location's zone; null: any day. */
            preferredWeekdays: number[] | null;
            /** @enum {string} */
            status: "waiting" | "offered" | "booked" | "withdrawn";
            /**
             * @description For a therapy the organisation defined, the built-in it is counted as.
             * @enum {string}
             */
            therapyCode: "biologics" | "chemotherapy" | "hydration" | "immune_globulin" | "immunotherapy" | "iron" | "iv_antibiotics" | "steroids" | "therapeutic_phlebotomy";
            /** @description A therapy the organisation defined, or null. */
            therapyId: string | null;
            version: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    AuditController_search: {
        parameters: {
            query: {
                action?: "read" | "search" | "create" | "update" | "delete";
                /** @description Records of this actor (token subject). */
                actor?: string;
                /** @description The `next` cursor of the previous page. */
                before?: string;
                /** @description From this instant (inclusive). */
                from: string;
                limit?: number;
                outcome?: "success" | "refused" | "error";
                /** @description Records about this patient. */
                patientId?: string;
                resourceId?: string;
                resourceType?: string;
                /** @description Until this instant (exclusive); default now. At most 366 days after `from`. */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description This service's audit records of the caller's organisation (admin and privacy-officer with every location: all of them; a caller limited to some locations, or a scheduler or charge nurse: only with patientId, of a patient they see, and for scheduler and charge nurse without ip and userAgent; a service that knows patients only through appointments answers an empty page for a patient it cannot place at the caller's locations, scheduling 404), newest first: who read or changed which patient's data, when, from where, with what outcome. Filters: patientId, actor, resourceType, resourceId, action, outcome; from/to at most 366 days apart; paged by `before`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Health Check is successful */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /** @example {} */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example ok
                         * @enum {string}
                         */
                        status?: "ok" | "degraded";
                    };
                };
            };
            /** @description The Health Check is not successful */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       },
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect",
                         *         "responseTime": 3005
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /**
                         * @example {
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect",
                         *         "responseTime": 3005
                         *       }
                         *     }
                         */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example error
                         * @enum {string}
                         */
                        status?: "error" | "shutting_down";
                    };
                };
            };
        };
    };
    HealthController_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Health Check is successful */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /** @example {} */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example ok
                         * @enum {string}
                         */
                        status?: "ok" | "degraded";
                    };
                };
            };
            /** @description The Health Check is not successful */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       },
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect",
                         *         "responseTime": 3005
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /**
                         * @example {
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect",
                         *         "responseTime": 3005
                         *       }
                         *     }
                         */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example error
                         * @enum {string}
                         */
                        status?: "error" | "shutting_down";
                    };
                };
            };
        };
    };
    LocationsController_list: {
        parameters: {
            query?: {
                /** @description At most 500 locations a request; a full page means there may be more (ask from offset + limit). */
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The locations of your organisation that you may act on, by name, at most 500 a request. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocationView"][];
                };
            };
        };
    };
    LocationsController_register: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first response and creates nothing twice. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterLocationDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocationView"];
                };
            };
        };
    };
    LocationsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocationView"];
                };
            };
        };
    };
    LocationsController_update: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of the version you are changing; 409 if it has moved on. */
                "If-Match"?: string;
            };
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateLocationDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocationView"];
                };
            };
        };
    };
    AppointmentsController_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first response and books nothing twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BookAppointmentDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentView"];
                };
            };
        };
    };
    AppointmentsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appointmentId: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentView"];
                };
            };
        };
    };
    AppointmentsController_bookHeld: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                appointmentId: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A held slot becomes a booking (proposed → booked); 409 if the hold lapsed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentView"];
                };
            };
        };
    };
    AppointmentsController_cancel: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                appointmentId: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CancelAppointmentDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentView"];
                };
            };
        };
    };
    AppointmentsController_confirm: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                appointmentId: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentView"];
                };
            };
        };
    };
    AppointmentsController_noShow: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                appointmentId: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentView"];
                };
            };
        };
    };
    NotesController_ofAppointment: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                appointmentId: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    NotesController_onAppointment: {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry returns the first answer. */
                "Idempotency-Key"?: string;
            };
            path: {
                appointmentId: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddNoteDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AppointmentsController_release: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                appointmentId: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Gives up a hold without booking it; its time is free again. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentView"];
                };
            };
        };
    };
    AppointmentsController_reschedule: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                appointmentId: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RescheduleAppointmentDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentView"];
                };
            };
        };
    };
    LocationsController_chairs: {
        parameters: {
            query?: {
                /** @description At most 200 chairs a request; a full page means there may be more (ask from offset + limit). */
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description By label, at most 200 a request. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChairView"][];
                };
            };
        };
    };
    LocationsController_addChairTo: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first response and creates nothing twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddChairDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChairView"];
                };
            };
        };
    };
    LocationsController_changeChair: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of the version you are changing; 409 if it has moved on. */
                "If-Match"?: string;
            };
            path: {
                chairId: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateChairDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpdatedChairView"];
                };
            };
        };
    };
    OutagesController_outages: {
        parameters: {
            query?: {
                /** @description At most 100 outages a request; a full page means there may be more (ask from offset + limit). */
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                chairId: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The chair's outages not yet over, soonest first, at most 100 a request. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChairOutageView"][];
                };
            };
        };
    };
    OutagesController_scheduleOutage: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first response and schedules nothing twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                chairId: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleChairOutageDto"];
            };
        };
        responses: {
            /** @description The chair takes no new bookings in that period. Appointments still to come on it then stay booked, are flagged at risk, handed to the re-plan and listed. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChairOutageView"];
                };
            };
        };
    };
    OutagesController_cancelOutage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                chairId: string;
                locationId: string;
                outageId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CancelChairOutageDto"];
            };
        };
        responses: {
            /** @description The outage, marked cancelled: the chair takes bookings in that period again. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CancelledOutageView"];
                };
            };
        };
    };
    OutagesController_changeOutage: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of the outage version you are changing; 409 if it has moved on. */
                "If-Match"?: string;
            };
            path: {
                chairId: string;
                locationId: string;
                outageId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangeChairOutageDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangedOutageView"];
                };
            };
        };
    };
    ClosuresController_closures: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClosureView"][];
                };
            };
        };
    };
    ClosuresController_add: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first response and adds nothing twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddClosureDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddedClosureView"];
                };
            };
        };
    };
    ClosuresController_remove: {
        parameters: {
            query?: never;
            header?: {
                /** @description The closure version you are changing (its ETag or `version`); 409 if it has moved on. */
                "If-Match"?: string;
            };
            path: {
                closureId: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RemovedClosureView"];
                };
            };
        };
    };
    ClosuresController_change: {
        parameters: {
            query?: never;
            header?: {
                /** @description The closure version you are changing (its ETag or `version`); 409 if it has moved on. */
                "If-Match"?: string;
            };
            path: {
                closureId: string;
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangeClosureDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangedClosureView"];
                };
            };
        };
    };
    DayBookController_read: {
        parameters: {
            query: {
                /** @description A local date in the location's zone. */
                date: string;
                format?: "json" | "csv" | "html";
                /** @description JSON only: CSV and HTML print the whole day. */
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DayResourcesController_read: {
        parameters: {
            query: {
                /** @description A local date in the location's zone. */
                date: string;
            };
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The day's opening, chair outages and nurses on shift with their capacity, in the location's zone. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DayResourcesView"];
                };
            };
        };
    };
    OpeningHoursController_hours: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocatedOpeningHoursView"];
                };
            };
        };
    };
    OpeningHoursController_setHours: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpeningHoursDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpeningHoursView"];
                };
            };
        };
    };
    StaffingController_nurses: {
        parameters: {
            query?: {
                /** @description At most 200 nurses a request; a full page means there may be more (ask from offset + limit). */
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListedNurseView"][];
                };
            };
        };
    };
    StaffingController_registerNurse: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first response and creates nothing twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterNurseDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NurseView"];
                };
            };
        };
    };
    StaffingController_updateNurse: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of the version you are changing; 409 if it has moved on. */
                "If-Match"?: string;
            };
            path: {
                locationId: string;
                nurseId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateNurseDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpdatedNurseView"];
                };
            };
        };
    };
    StaffingController_addShift: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first response and creates nothing twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                locationId: string;
                nurseId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddShiftDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddedShiftView"];
                };
            };
        };
    };
    StaffingController_changeShift: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                locationId: string;
                nurseId: string;
                shiftId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddShiftDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangedShiftView"];
                };
            };
        };
    };
    StaffingController_removeShift: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                locationId: string;
                nurseId: string;
                shiftId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RemoveShiftDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RemovedShiftView"];
                };
            };
        };
    };
    OverbookingsController_list: {
        parameters: {
            query: {
                /** @description Overbookings recorded from this instant… */
                from: string;
                limit?: number;
                offset?: number;
                /** @description …until this one, at most 92 days later. */
                to: string;
            };
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DayPatientNamesController_day: {
        parameters: {
            query: {
                /** @description A local date in the location's zone (the appointments' planned day). */
                date: string;
            };
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The given and family names of the patients with an appointment that local day (at most 400, by first start). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ReplansController_day: {
        parameters: {
            query: {
                /** @description A local date in the location's zone (the appointments' planned day). */
                date: string;
            };
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The day's open re-plan proposals, in the order to apply them. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ReplansController_applyProposals: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApplyReplansDto"];
            };
        };
        responses: {
            /** @description The appointments as moved. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ReplansController_movePatient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MovePatientDto"];
            };
        };
        responses: {
            /** @description The appointment as moved. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    StaffingController_shifts: {
        parameters: {
            query: {
                /** @description How many local days (default 1). */
                days?: number;
                /** @description The first local date in the location's zone. */
                from: string;
            };
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocationShiftsView"];
                };
            };
        };
    };
    AppointmentsController_slots: {
        parameters: {
            query: {
                durationMinutes?: number;
                from: string;
                limit?: number;
                patientId: string;
                /** @description Preferred earliest local start. */
                preferredFrom?: string;
                preferredTo?: string;
                /** @description One of the nine built-in therapies; leave out with therapyId. */
                therapyCode?: "biologics" | "chemotherapy" | "hydration" | "immune_globulin" | "immunotherapy" | "iron" | "iv_antibiotics" | "steroids" | "therapeutic_phlebotomy";
                /** @description A therapy the organisation defined (GET /organisation-therapies). */
                therapyId?: string;
                /** @description After from, and at most 31 days after it. */
                to: string;
            };
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlotView"][];
                };
            };
        };
    };
    TreatmentPlansController_book: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first response and books nothing twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BookTreatmentPlanDto"];
            };
        };
        responses: {
            /** @description Booked as far as possible: `unplaced` lists every dose that could not be placed and why. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreatmentPlanView"];
                };
            };
        };
    };
    TreatmentPlansController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                locationId: string;
                planId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The plan and every dose with its state; the ETag is its version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreatmentPlanView"];
                };
            };
        };
    };
    TreatmentPlansController_cancel: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                locationId: string;
                planId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CancelAppointmentDto"];
            };
        };
        responses: {
            /** @description The plan, cancelled, and the doses cancelled with it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CancelledTreatmentPlanView"];
                };
            };
        };
    };
    TreatmentPlansController_reschedule: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                locationId: string;
                planId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RescheduleTreatmentPlanDto"];
            };
        };
        responses: {
            /** @description Every remaining dose moved (or placed) to the new series, or none: a 409 `dose-unavailable` names the dose that cannot go. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TreatmentPlanView"];
                };
            };
        };
    };
    WaitlistController_list: {
        parameters: {
            query?: {
                /** @description At most 200 requests a request; a full page means there may be more (ask from offset + limit). */
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Requests still waiting or holding an offer, oldest first, at most 200 a request. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WaitlistRequestView"][];
                };
            };
        };
    };
    WaitlistController_join: {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry returns the first answer and adds nothing twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JoinWaitlistDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WaitlistRequestView"];
                };
            };
        };
    };
    WaitlistController_withdraw: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                locationId: string;
                requestId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WaitlistRequestView"];
                };
            };
        };
    };
    WorkQueuesController_summary: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    WorkQueuesController_items: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                locationId: string;
                queue: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    WorkQueuesController_resolve: {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry returns the first answer. */
                "Idempotency-Key"?: string;
            };
            path: {
                locationId: string;
                queue: string;
                subjectId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResolveWorkItemDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    OrganisationTherapiesController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganisationTherapyView"][];
                };
            };
        };
    };
    OrganisationTherapiesController_define: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first response (not a 409 for the code it made). */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DefineTherapyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganisationTherapyView"];
                };
            };
        };
    };
    OrganisationTherapiesController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                therapyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganisationTherapyView"];
                };
            };
        };
    };
    OrganisationTherapiesController_revise: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of the version you are replacing; 409 if it changed meanwhile. */
                "If-Match"?: string;
            };
            path: {
                therapyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrganisationTherapyValuesDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganisationTherapyView"];
                };
            };
        };
    };
    PatientsController_search: {
        parameters: {
            query?: {
                dateOfBirth?: string;
                limit?: number;
                mrn?: string;
                /** @description Part of the name, any case, with or without accents, a letter wrong here or there; every word must match. */
                name?: string;
                offset?: number;
                phone?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PatientsController_register: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first response and registers no one twice. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterPatientDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PatientsController_record: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PatientsController_updateContact: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                patientId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePatientContactDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PatientsController_eraseContact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PatientsController_changeDemographics: {
        parameters: {
            query?: never;
            header?: {
                /** @description The version last read (or `version` in the body): required. */
                "If-Match"?: string;
            };
            path: {
                patientId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePatientDemographicsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    NotesController_ofPatient: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                patientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    NotesController_onPatient: {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry returns the first answer. */
                "Idempotency-Key"?: string;
            };
            path: {
                patientId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddPatientNoteDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    OrganisationSlotsController_slots: {
        parameters: {
            query: {
                durationMinutes?: number;
                from: string;
                limit?: number;
                /** @description Locations to search, comma-separated (at most 20). */
                locationIds: string;
                patientId: string;
                /** @description Preferred earliest local start. */
                preferredFrom?: string;
                preferredTo?: string;
                /** @description One of the nine built-in therapies; leave out with therapyId. */
                therapyCode?: "biologics" | "chemotherapy" | "hydration" | "immune_globulin" | "immunotherapy" | "iron" | "iv_antibiotics" | "steroids" | "therapeutic_phlebotomy";
                /** @description A therapy the organisation defined (GET /organisation-therapies). */
                therapyId?: string;
                /** @description After from, and at most 31 days after it. */
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The best slots across the given locations, best first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlotView"][];
                };
            };
        };
    };
    TherapiesController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TherapyView"][];
                };
            };
        };
    };
    TherapiesController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TherapyView"];
                };
            };
        };
    };
    TherapiesController_replace: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of the values you are replacing ("0" for the default); 409 if they changed meanwhile. */
                "If-Match"?: string;
            };
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TherapySettingsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TherapyView"];
                };
            };
        };
    };
    TherapiesController_reset: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Back to the catalog default. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TherapyView"];
                };
            };
        };
    };
}
