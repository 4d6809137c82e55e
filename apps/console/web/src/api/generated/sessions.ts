// Generated from the sessions service's OpenAPI document by infra/dev/openapi.mjs (npm run generate:api). Do not edit.
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
    "/locations/{locationId}/board": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["BoardController_dayBoard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["SessionsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/access": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SessionsController_access"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/check-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SessionsController_checkIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SessionsController_complete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/discharge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SessionsController_discharge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/drug-ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SessionsController_drugReady"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/medications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SessionsController_medication"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SessionsController_pause"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/rate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SessionsController_rate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/reactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SessionsController_reaction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SessionsController_resume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/seat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SessionsController_seat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SessionsController_start"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/steps/{seq}/entered-in-error": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SessionsController_stepInError"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SessionsController_stop"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/undo-check-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SessionsController_undoCheckIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/vitals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["VitalsController_recordVitals"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{locationId}/sessions/{appointmentId}/vitals/{vitalsId}/entered-in-error": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["VitalsController_vitalsInError"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AccessDto: {
            attempts: number;
            /**
             * Format: date-time
             * @description The device's time for the step (UTC instant). The server records its own time beside it.
             * @example 2026-12-01T15:02:00Z
             */
            deviceTime?: string;
            numbingSprayUsed: boolean;
            /** @enum {string} */
            route: "iv" | "subcutaneous" | "intramuscular" | "other";
            /**
             * @description Where the access is (site), e.g. left forearm, port.
             * @example left forearm
             */
            site: string;
        };
        DischargeDto: {
            /**
             * Format: date-time
             * @description The device's time for the step (UTC instant). The server records its own time beside it.
             * @example 2026-12-01T15:02:00Z
             */
            deviceTime?: string;
            /** @description What the patient is to do at home, in the nurse's words: kept with the session and sent to the patient with the discharge advice (never to analytics). */
            instructions?: string;
            /** @description The nurse's decision; when absent, the therapy's default, and never after a reaction of grade 2 or more. */
            mayDrive?: boolean;
        };
        EnteredInErrorDto: {
            /** @example recorded on the wrong patient */
            reason: string;
        };
        MedicationDto: {
            /**
             * Format: date-time
             * @description When it was given (UTC instant): at most 24 hours ago, at most 5 minutes ahead of the server.
             * @example 2026-12-01T15:02:00Z
             */
            administeredAt: string;
            /**
             * @description Dose in doseUnit, more than 0.
             * @example 8
             */
            dose: number;
            /** @enum {string} */
            doseUnit: "mg" | "mcg" | "g" | "mL" | "units" | "IU" | "mmol" | "mEq";
            /** @example ondansetron */
            drug: string;
            /**
             * @description Lot number as printed: letters, digits, - / . and spaces.
             * @example B2417-03
             */
            lot: string;
            /** @enum {string} */
            route: "iv" | "subcutaneous" | "intramuscular" | "other";
            /**
             * @description Volume given in mL (0 for e.g. a tablet).
             * @example 54
             */
            volumeMl: number;
        };
        RateDto: {
            /**
             * Format: date-time
             * @description The device's time for the step (UTC instant). The server records its own time beside it.
             * @example 2026-12-01T15:02:00Z
             */
            deviceTime?: string;
            /** @description Pump rate in mL/h as started. */
            rateMlPerHour?: number;
            /**
             * @description Share of the ordered rate: 50 restarts at half rate after a grade 1–2 reaction.
             * @example 50
             */
            ratePercent: number;
        };
        ReactionOverrideDto: {
            /**
             * @description The clinician who authorised continuing.
             * @example Dr. A. Okafor (on-call oncologist)
             */
            authorisedBy: string;
            /** @example symptoms resolved after epinephrine; benefit outweighs risk */
            reason: string;
        };
        ReactionWithOverrideDto: {
            /** @description What was done. 'paused' pauses a running infusion; 'stopped' stops it. */
            actions: ("none" | "slowed" | "paused" | "stopped" | "medication_given")[];
            /**
             * Format: date-time
             * @description The device's time for the step (UTC instant). The server records its own time beside it.
             * @example 2026-12-01T15:02:00Z
             */
            deviceTime?: string;
            /** @description CTCAE grade */
            grade: number;
            /** @enum {string} */
            kind: "fatigue" | "headache" | "infusion_site_discomfort" | "nausea" | "infusion_reaction" | "anaphylaxis" | "other";
            /** @enum {string} */
            outcome: "resolved" | "resolving" | "ongoing" | "transferred" | "fatal";
            /** @description Required when a CTCAE grade 3 or 4 reaction does not stop a running (or about to start) infusion: the protocol says stop. */
            override?: components["schemas"]["ReactionOverrideDto"];
        };
        ReasonDto: {
            /**
             * Format: date-time
             * @description The device's time for the step (UTC instant). The server records its own time beside it.
             * @example 2026-12-01T15:02:00Z
             */
            deviceTime?: string;
            /** @example pump occlusion alarm */
            reason: string;
        };
        StartDto: {
            /**
             * Format: date-time
             * @description The device's time for the step (UTC instant). The server records its own time beside it.
             * @example 2026-12-01T15:02:00Z
             */
            deviceTime?: string;
            /** @description Pump rate in mL/h as started. */
            rateMlPerHour?: number;
        };
        StepDto: {
            /**
             * Format: date-time
             * @description The device's time for the step (UTC instant). The server records its own time beside it.
             * @example 2026-12-01T15:02:00Z
             */
            deviceTime?: string;
        };
        VitalsDto: {
            /**
             * Format: date-time
             * @description The device's time for the step (UTC instant). The server records its own time beside it.
             * @example 2026-12-01T15:02:00Z
             */
            deviceTime?: string;
            /** @description mm[Hg] (LOINC 8462-4) */
            diastolic?: number;
            /** @description /min (LOINC 8867-4) */
            heartRate?: number;
            /** @description 0–10 (LOINC 72514-3) */
            pain?: number;
            /** @description /min (LOINC 9279-1) */
            respiratoryRate?: number;
            /** @description % (LOINC 2708-6) */
            spo2?: number;
            /** @description mm[Hg] (LOINC 8480-6) */
            systolic?: number;
            /** @description °C (LOINC 8310-5) */
            temperatureC?: number;
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
    BoardController_dayBoard: {
        parameters: {
            query?: {
                /** @description The day in the location's time zone; today there when absent. */
                date?: string;
            };
            header?: never;
            path: {
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The day's sessions by chair and nurse, live status and what runs late. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    SessionsController_get: {
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
            /** @description The session with its full log of steps and vital signs. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    SessionsController_access: {
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
                "application/json": components["schemas"]["AccessDto"];
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
    SessionsController_checkIn: {
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
                "application/json": components["schemas"]["StepDto"];
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
    SessionsController_complete: {
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
                "application/json": components["schemas"]["StepDto"];
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
    SessionsController_discharge: {
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
                "application/json": components["schemas"]["DischargeDto"];
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
    SessionsController_drugReady: {
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
                "application/json": components["schemas"]["StepDto"];
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
    SessionsController_medication: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first response and charts nothing twice. */
                "Idempotency-Key"?: string;
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
                "application/json": components["schemas"]["MedicationDto"];
            };
        };
        responses: {
            /** @description The session; the medication is the last step of its log (FHIR MedicationAdministration). */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    SessionsController_pause: {
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
                "application/json": components["schemas"]["ReasonDto"];
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
    SessionsController_rate: {
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
                "application/json": components["schemas"]["RateDto"];
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
    SessionsController_reaction: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first response and charts nothing twice. */
                "Idempotency-Key"?: string;
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
                "application/json": components["schemas"]["ReactionWithOverrideDto"];
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
    SessionsController_resume: {
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
                "application/json": components["schemas"]["RateDto"];
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
    SessionsController_seat: {
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
                "application/json": components["schemas"]["StepDto"];
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
    SessionsController_start: {
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
                "application/json": components["schemas"]["StartDto"];
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
    SessionsController_stepInError: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                appointmentId: string;
                locationId: string;
                seq: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnteredInErrorDto"];
            };
        };
        responses: {
            /** @description The session as the rest of its log makes it; the step stays in the log, marked entered in error. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    SessionsController_stop: {
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
                "application/json": components["schemas"]["ReasonDto"];
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
    SessionsController_undoCheckIn: {
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
                "application/json": components["schemas"]["EnteredInErrorDto"];
            };
        };
        responses: {
            /** @description The session, expected again; the check-in stays in the log, marked entered in error. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    VitalsController_recordVitals: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key returns the first response and charts nothing twice. */
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
                "application/json": components["schemas"]["VitalsDto"];
            };
        };
        responses: {
            /** @description The vital signs, LOINC-coded, any out-of-range findings, and when the next are due. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    VitalsController_vitalsInError: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appointmentId: string;
                locationId: string;
                vitalsId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnteredInErrorDto"];
            };
        };
        responses: {
            /** @description The correction: the vital signs stay recorded, marked entered in error, and no longer count. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
