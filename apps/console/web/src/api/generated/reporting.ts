// Generated from the reporting service's OpenAPI document by infra/dev/openapi.mjs (npm run generate:api). Do not edit.
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
    "/reports/freshness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["FreshnessController_freshness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/kpis": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["KpisController_report"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/locations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["DirectoryController_list"];
        put?: never;
        post?: never;
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
        ConsumerLagView: {
            caughtUp: boolean;
            measuredAt: string;
        };
        DayKpisView: {
            actualInfusingMinutesMean: number | null;
            actualUtilization: number | null;
            confirmationRate: number | null;
            /** @description The local date at the location. */
            date: string;
            infusions: number;
            infusionsPerChair: number | null;
            lateCancellationRate: number | null;
            lateCancellations: number;
            locationId: string;
            noShowRate: number | null;
            noShows: number;
            onTimeStartRate: number | null;
            openChairMinutes: number;
            plannedMinutesMean: number | null;
            scheduledUtilization: number | null;
            visits: number;
            waits: components["schemas"]["WaitsView"];
        };
        DeliveryView: {
            delivered: number;
            deliveryRate: number | null;
            failed: number;
            sent: number;
            suppressed: number;
        };
        DirectoryLocationView: {
            chairCount: number;
            locationId: string;
            name: string | null;
            timeZone: string | null;
        };
        HeatmapDayView: {
            date: string;
            hours: components["schemas"]["HourLoadView"][];
        };
        HourLoadView: {
            chairsInUsePeak: number;
            /** @description Local wall-clock hour, e.g. "09:00". */
            hour: string;
            infusionStarts: number;
            patientsPerNursePeak: number;
            scheduledChairsPeak: number;
            /** @description The hour's first instant (UTC). */
            startsAt: string;
            utcOffset: string;
        };
        KpiReportView: {
            /** @description Null while Kafka cannot be asked. */
            consumerLag: components["schemas"]["ConsumerLagView"] | null;
            /** @description Why the locations carry no days. */
            daysOmitted?: string;
            /** @description The newest fact the figures include. */
            freshAsOf: string | null;
            from: string;
            locations: components["schemas"]["LocationReportView"][];
            noShowsByLeadTime: components["schemas"]["LeadTimeNoShowsView"][];
            notifications: components["schemas"]["DeliveryView"];
            organisation: components["schemas"]["OrganisationKpisView"];
            reactions: components["schemas"]["ReactionCountView"][];
            reminderEffect: components["schemas"]["ReminderEffectView"];
            to: string;
        };
        KpisView: {
            actualInfusingMinutesMean: number | null;
            actualUtilization: number | null;
            confirmationRate: number | null;
            infusions: number;
            infusionsPerChair: number | null;
            lateCancellationRate: number | null;
            lateCancellations: number;
            noShowRate: number | null;
            noShows: number;
            onTimeStartRate: number | null;
            openChairMinutes: number;
            plannedMinutesMean: number | null;
            scheduledUtilization: number | null;
            visits: number;
            waits: components["schemas"]["WaitsView"];
        };
        LeadTimeNoShowsView: {
            bucket: string;
            noShows: number;
            rate: number | null;
            visits: number;
        };
        LocationReportView: {
            /** @description Per local day; left out of large JSON reports (see daysOmitted). */
            days?: components["schemas"]["DayKpisView"][];
            /** @description Only with include=heatmap. */
            heatmap?: components["schemas"]["HeatmapDayView"][];
            locationId: string;
            name: string | null;
            therapies: components["schemas"]["TherapyKpisView"][];
            timeZone: string;
            total: components["schemas"]["KpisView"];
        };
        OrganisationKpisView: {
            actualInfusingMinutesMean: number | null;
            actualUtilization: number | null;
            confirmationRate: number | null;
            infusions: number;
            infusionsPerChair: number | null;
            lateCancellationRate: number | null;
            lateCancellations: number;
            noShowRate: number | null;
            noShows: number;
            onTimeStartRate: number | null;
            openChairMinutes: number;
            plannedMinutesMean: number | null;
            scheduledUtilization: number | null;
            therapies: components["schemas"]["TherapyKpisView"][];
            visits: number;
            waits: components["schemas"]["WaitsView"];
        };
        PercentilesView: {
            /** @description Visits measured. */
            n: number;
            /** @description Minutes. */
            p50: number | null;
            /** @description Minutes. */
            p90: number | null;
        };
        ReactionCountView: {
            count: number;
            grade: number;
            therapyCode: string;
        };
        ReminderEffectView: {
            withoutReminder: components["schemas"]["ReminderGroupView"];
            withReminder: components["schemas"]["ReminderGroupView"];
        };
        ReminderGroupView: {
            noShowRate: number | null;
            visits: number;
        };
        TherapyKpisView: {
            actualInfusingMinutesMean: number | null;
            actualUtilization: number | null;
            confirmationRate: number | null;
            infusions: number;
            infusionsPerChair: number | null;
            lateCancellationRate: number | null;
            lateCancellations: number;
            noShowRate: number | null;
            noShows: number;
            onTimeStartRate: number | null;
            openChairMinutes: number;
            plannedMinutesMean: number | null;
            scheduledUtilization: number | null;
            therapyCode: string;
            visits: number;
            waits: components["schemas"]["WaitsView"];
        };
        WaitsView: {
            chairToDrugReady: components["schemas"]["PercentilesView"];
            checkInToChair: components["schemas"]["PercentilesView"];
            drugReadyToStart: components["schemas"]["PercentilesView"];
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
    FreshnessController_freshness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The moment of the newest fact of the caller's locations in the reports, and whether reporting has applied every event (null while Kafka cannot be asked). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    KpisController_report: {
        parameters: {
            query: {
                format?: "json" | "csv";
                /** @description First local date (each location's own zone). */
                from: string;
                /** @description JSON: add each location's hourly heatmap (at most 3200 location-days a request). */
                include?: "heatmap";
                locationId?: string;
                /** @description Last local date, inclusive. */
                to: string;
                /** @description CSV only: a row per location and day, per location, day and hour (the heatmap), or per location and therapy. */
                view?: "days" | "hours" | "therapies";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Utilization, waits, on-time starts, no-shows, cancellations, reactions and delivery, per location and local day and rolled up; CSV with format=csv. JSON carries each location's days up to 3660 location-days (else daysOmitted says so); the CSV always has them. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KpiReportView"];
                };
            };
        };
    };
    DirectoryController_list: {
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
            /** @description By name, at most 500 a request. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DirectoryLocationView"][];
                };
            };
        };
    };
}
