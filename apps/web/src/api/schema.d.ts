/** Generated from openapi.json by `npm run openapi` (openapi-typescript): do not edit. */
export interface paths {
    "/api/admin/membership-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["MembershipRequestsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/membership-requests/{requestId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Another administrator than the one who asked, never the person it is for: the membership is made. */
        post: operations["MembershipRequestsController_approve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/membership-requests/{requestId}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["MembershipRequestsController_reject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/memberships": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["MembershipsController_list"];
        put?: never;
        /**
         * 201 with the membership; 202 with a request when a second administrator must approve (the
         *     roles logggranskare and admin, or a person of another organisation). Never for oneself.
         */
        post: operations["MembershipsController_add"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/memberships/{membershipId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["MembershipsController_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/system-clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["SystemClientAdminController_list"];
        put?: never;
        /** 201 with the system and its secret, shown this once. */
        post: operations["SystemClientAdminController_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/system-clients/{systemClientId}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SystemClientAdminController_disable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/system-clients/{systemClientId}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SystemClientAdminController_enable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/system-clients/{systemClientId}/endpoint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Where Brygga sends FHIR messages for the system's unit; null: nothing is sent. */
        put: operations["SystemClientAdminController_setEndpoint"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/system-clients/{systemClientId}/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new secret, shown this once; the old one and its tokens stop working now. */
        post: operations["SystemClientAdminController_rotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** By internal ids (safe in a URL); search by personnummer or name with POST /api/audit/search. */
        get: operations["AuditController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/extract": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Loggutdrag: every access to one patient's data in the reviewer's scope, as CSV or a printable page. */
        post: operations["AuditController_extract"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuditController_search"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuditController_verify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/bevakning": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Warnings on the threads my units take part in (needs a role that reads threads). */
        get: operations["BevakningController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checklist-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ChecklistTemplatesController_list"];
        put?: never;
        post: operations["ChecklistTemplatesController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["HealthController_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ProbesController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ProbesController_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuthController_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/medborgare/atkomst": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** "Vem har tittat på mina uppgifter": every access to the patient's data, per unit and day. */
        get: operations["CitizensController_accessAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/medborgare/atkomst/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["CitizensController_exportAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/medborgare/jag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["CitizensController_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/medborgare/narstaende": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["CitizensController_listConsents"];
        put?: never;
        post: operations["CitizensController_giveConsent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/medborgare/narstaende/{consentId}/aterkalla": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["CitizensController_withdrawConsent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/medborgare/planer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every published plan the citizen may read, own first; an empty list when none is published. */
        get: operations["CitizensController_plansList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/medborgare/planer/{threadId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["CitizensController_plan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/medborgare/planer/{threadId}/bli-uppringd": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["CitizensController_callMe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/medborgare/planer/{threadId}/tagit-del": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["CitizensController_acknowledge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/medborgare/planer/{threadId}/trygghet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The patient's own upplevd trygghet (0–10) while a Trygg hemgång period runs; once per moment. */
        post: operations["CitizensController_rateSafety"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["NotificationSettingsController_get"];
        put: operations["NotificationSettingsController_update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/offline/key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The key the phone encrypts its offline copy with. Made once per session and kept only in it:
         *     after logout (or the session's end) no one can hand it out again, so the copy cannot be read.
         */
        get: operations["OfflineController_key"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/offline/reads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Threads opened on the phone without coverage, with the time each was opened: one result per read. */
        post: operations["OfflineController_reads"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/push/public-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The applicationServerKey for PushManager.subscribe. */
        get: operations["PushController_publicKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/push/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** This device receives notices until logout (of this session), the end of my access, or the push service drops it. */
        post: operations["PushController_subscribe"];
        delete: operations["PushController_unsubscribe"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/statistics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["StatisticsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/statistics/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The same figures as CSV (semicolons, decimal commas) for a spreadsheet. */
        get: operations["StatisticsController_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Mina uppgifter: what my units have not done, across their active threads, most pressing first, paged. */
        get: operations["TasksController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ThreadsController_list"];
        put?: never;
        post: operations["ThreadsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ThreadsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The thread's alerts (one per kind), newest first: the banner above the conversation. */
        get: operations["AlertsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/alerts/{alertId}": {
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
        /** Marks an alert seen or handled, for a unit it concerns; told live to the thread's units. */
        patch: operations["AlertsController_mark"];
        trace?: never;
    };
    "/api/threads/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Uploads files (multipart/form-data, field `file`, one or more) for a message not yet posted;
         *     the message names them in `attachmentIds`. 201 with the pending attachments.
         */
        post: operations["AttachmentsController_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/attachments/{attachmentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The file itself, as a download that cannot run in the browser. */
        get: operations["AttachmentsController_download"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Makulera: the thread was entered in error. It stays readable and in the log. */
        post: operations["ThreadsController_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/checklists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ChecklistsController_overview"];
        put?: never;
        post: operations["ChecklistsController_apply"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/checklists/{checklistId}/not-needed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** "Behövs inte" for a section in one action; 409 when something in it is already done (nothing written). */
        post: operations["ChecklistsController_setNotNeeded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/checklists/items/{itemId}": {
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
        patch: operations["ChecklistsController_changeItem"];
        trace?: never;
    };
    "/api/threads/{id}/checklists/items/{itemId}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ChecklistsController_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ThreadsController_close"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/discharge-check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What a discharge at `at` (default now) would not fit in the plan, for the composer before sending. */
        get: operations["ChecklistsController_checkDischarge"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/facts/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Sets a structured fact (address, närstående, samtycke …); the owning organisation kind only. */
        put: operations["ThreadsController_setFact"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/facts/{key}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ThreadsController_factHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/home-phase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["HomePhaseController_summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ThreadsController_listMessages"];
        put?: never;
        /** 201 for a new message; 200 with the original when the idempotency key was seen before. */
        post: operations["ThreadsController_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/messages/{messageId}/receipts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ThreadsController_receiptsOf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/narstaende-atkomst": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["StaffConsentsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/participants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A unit joins: it sees the whole history from the start. */
        post: operations["ThreadsController_addParticipant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/participants/{unitId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** A unit leaves: it loses access at once, on every node; its history stays in the log. */
        delete: operations["ThreadsController_removeParticipant"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/patient-identity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The owning ward corrects the patient's identity number (a reserve number replaced by the personnummer). */
        post: operations["ThreadsController_correctPatientIdentity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PlanController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/plan/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publishes the page as it is now (a new version); the ward or SOF only. */
        post: operations["PlanController_publish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ThreadsController_markRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/readiness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 201 with the `redo` message; 200 (`Idempotent-Replayed: true`) for a retry with the same key. */
        post: operations["ChecklistsController_confirmReady"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/readiness/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ChecklistsController_withdraw"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/receipts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All my messages' receipts in the thread, in one request (the thread view asks once, not per message). */
        get: operations["ThreadsController_myReceipts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/sip-plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["SipPlanController_read"];
        put?: never;
        /** A new version of the whole plan (the first, or a change of the latest: `grundversion`). */
        post: operations["SipPlanController_save"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/sip-plan/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SipPlanController_accept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/sip-plan/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SipPlanController_entry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}/transfer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The patient moves to another ward, which becomes the owner. */
        post: operations["ThreadsController_transfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/units": {
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
    "/auth/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuthController_callback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Starts the Authorization Code flow with PKCE, state and nonce; the choice of method goes to the IdP as a login hint. */
        get: operations["AuthController_login"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ends this session on every node (it lives in the database) and, where offered, at the IdP. */
        post: operations["AuthController_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout/everywhere": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * "Logga ut överallt": ends every session of the user (other browsers and devices too, and their
         *     sockets on every node), then this one at the IdP like a logout.
         */
        post: operations["AuthController_logoutEverywhere"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/medborgare/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["CitizenAuthController_logout"];
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
        AcceptSipPlanDto: {
            /** Format: uuid */
            unitId?: string;
            version: number;
        };
        AccountEntry: {
            occurredAt: string;
            organisation: string;
            /** @description 'Nekad' for a refused attempt, else 'Tillåten'. */
            outcome: string;
            /** @description The role in Swedish ("Sjuksköterska", "Närstående", "Patienten själv"). */
            role: string;
            unit: string;
            what: string;
        };
        AccountGroup: {
            count: number;
            /** @description YYYY-MM-DD */
            day: string;
            entries: components["schemas"]["AccountEntry"][];
            organisation: string;
            roles: string[];
            unit: string;
        };
        AcknowledgeDto: {
            version?: number;
        };
        AddMembershipDto: {
            /** @enum {string} */
            role: "koordinator" | "handlaggare" | "sjukskoterska" | "utforare" | "lakare" | "logggranskare" | "admin" | "enhetschef";
            /** Format: uuid */
            unitId: string;
            /** Format: uuid */
            userId: string;
        };
        AdlChange: {
            improved: number | null;
            /** @description Mean steps towards Katz A (positive: better). */
            meanSteps: number | null;
            n: number | null;
            unchanged: number | null;
            worsened: number | null;
        };
        AlertDto: {
            /** @description The alert names one of my units: I may mark it. */
            concernsMe: boolean;
            dueAt: string;
            handled: components["schemas"]["AlertMark"] | null;
            id: string;
            /** @description betalningsansvar, inskrivningsmeddelande, sip_kallelse or olast. */
            kind: string;
            /** @description nara or passerad. */
            level: string;
            raisedAt: string;
            seen: components["schemas"]["AlertMark"] | null;
            /** @description ny, sedd or hanterad. */
            state: string;
            text: string;
            threadId: string;
        };
        AlertListDto: {
            alerts: components["schemas"]["AlertDto"][];
        };
        AlertMark: {
            at: string;
            name: string;
            userId: string;
        };
        ApplyChecklistDto: {
            templateKey: string;
            /**
             * Format: uuid
             * @description The unit the user acts for; needed only when several of their units may apply it.
             */
            unitId?: string;
        };
        AttachmentDto: {
            /** @description Decided from the content, not from the name or the client's claim. */
            contentType: string;
            id: string;
            messageId: string | null;
            name: string;
            /** @description Images and PDFs without scripts; the rest is download only. */
            previewable: boolean;
            sha256: string;
            size: number;
            /**
             * @description not_scanned: no scanner configured; scan_pending: väntar på viruskontroll (not downloadable yet).
             * @enum {string}
             */
            state: "not_scanned" | "clean" | "scan_pending" | "infected";
        };
        AuditExtractDto: {
            /** @enum {string} */
            format: "csv" | "html";
            /** Format: date-time */
            from?: string;
            identityNumber: string;
            /** Format: date-time */
            to?: string;
        };
        AuditPageDto: {
            entries: components["schemas"]["ReviewRow"][];
            /** @description The page's last line (its `line`), or null when there is no more. */
            nextBefore: string | null;
        };
        AuditSearchDto: {
            /** @description The previous page's nextBefore: the line after which this page begins. */
            before?: string;
            /** Format: date-time */
            from?: string;
            /** @description Personnummer or samordningsnummer of the patient. */
            identityNumber?: string;
            limit?: number;
            /** Format: uuid */
            patientId?: string;
            /** @description Name (or part of it), HSA-id or personnummer of the person who acted. */
            person?: string;
            /** Format: uuid */
            threadId?: string;
            /** Format: date-time */
            to?: string;
            /** Format: uuid */
            unitId?: string;
            /** Format: uuid */
            userId?: string;
        };
        AuthorRef: {
            name: string;
            unitId: string;
            unitName: string;
            userId: string;
        };
        AvbrottPause: {
            orsak: string | null;
            since: string;
        };
        BrokenLink: {
            reason: string;
            seq: string;
        };
        CallMeDto: {
            telefon: string;
            /** @enum {string} */
            tidPaDagen: "formiddag" | "eftermiddag" | "kvall";
        };
        ChangeItemDto: {
            /** @description The version the change is based on; another change in between gives 409. */
            expectedVersion: number;
            /** @description Makes a retried change (an offline outbox sent again) return the change it made instead of a 409. */
            idempotencyKey?: string;
            /**
             * Format: date-time
             * @description When the change was made, for one made without coverage and sent later (docs/offline.md).
             */
            observedAt?: string;
            /** @enum {string} */
            state?: "ej_paborjad" | "pagar" | "klar" | "ej_aktuell";
            /** Format: uuid */
            unitId?: string;
            /** @description Typed by the item (checked in the service): a date or time (ISO 8601), a text, a choice or a yes/no; null clears it. */
            value?: (string | boolean) | null;
        };
        ChecklistDto: {
            appliedAt: string;
            appliedBy: components["schemas"]["PersonRef"];
            id: string;
            items: components["schemas"]["ChecklistItemDto"][];
            name: string;
            templateKey: string;
            templateVersion: number;
            threadId: string;
        };
        ChecklistItemDto: {
            /** @description false while the item's condition (`when`) is not met: then it is not needed. */
            applies: boolean;
            checklistId: string;
            choices: string[] | null;
            group: string | null;
            help: string | null;
            id: string;
            key: string;
            label: string;
            /** @description May the reader change it (their unit's kind is responsible, or they are the owning ward)? */
            mayChange: boolean;
            notInPast: boolean;
            /** @description A moment from which something is in place at home (pick-up, delivery): the planned discharge suggests it. */
            readyFrom: boolean;
            required: boolean;
            /** @enum {string} */
            responsible: "slutenvard" | "sof" | "hemsjukvard" | "hemtjanst" | "primarvard";
            responsibleLabel: string;
            /** @enum {string} */
            state: "ej_paborjad" | "pagar" | "klar" | "ej_aktuell";
            stateLabel: string;
            updatedAt: string | null;
            updatedBy: components["schemas"]["PersonRef"] | null;
            value: (string | boolean) | null;
            /** @enum {string} */
            valueType: "boolean" | "datetime" | "date" | "text" | "choice";
            /** @description Send it back as expectedVersion when changing the item. */
            version: number;
            when: components["schemas"]["ItemCondition"] | null;
        };
        CheckpointsChecked: {
            checked: number;
            foreign: number;
            lastAt: string | null;
            lastSeq: string | null;
        };
        CitizenAnswerDto: {
            messageId: string;
            /** @description The unit the answer went to (the ward before discharge, SOF after). */
            till: string;
        };
        CitizenLogoutDto: {
            loggedOut: boolean;
        };
        CitizenMeDto: {
            /** @description Brygga has a patient record for this person. */
            arPatient: boolean;
            csrfToken: string;
            namn: string;
            /** @description The patients whose plans this person may read as närstående now (first names only). */
            narstaendeTill: string[];
        };
        CitizenPlanDto: {
            /** @description For a närstående: whose plan it is (first name); null for the patient. */
            patientFornamn: string | null;
            plan: components["schemas"]["PlanView"];
            /**
             * @description The reader's role for this plan: the patient, or a närstående the patient chose.
             * @enum {string}
             */
            roll: "patient" | "narstaende";
            /** @description The safety question while a Trygg hemgång period runs (the patient only); null otherwise. */
            trygghet: components["schemas"]["CitizenSafetyQuestionDto"] | null;
        };
        CitizenPlanListDto: {
            /** @description Empty when nothing is published yet (a friendly empty page, not an error). */
            planer: components["schemas"]["CitizenPlanDto"][];
        };
        CitizenSafetyQuestionDto: {
            /** @description The moments already measured (by the patient or by staff with them). */
            besvarade: ("start" | "slut")[];
            /**
             * @description The moment to rate now: start at once, slut in the period's last days; null when nothing is asked now.
             * @enum {string|null}
             */
            moment: "start" | "slut" | null;
        };
        CloseThreadDto: {
            /** @description Required to cancel, and to close before the patient is discharged. */
            orsak?: string;
        };
        ConditionDto: {
            /** @description Values of the earlier item (choice alternatives or true/false); checked in the service. */
            in: Record<string, never>[];
            item: string;
        };
        ConfirmReadinessDto: {
            /** @description Makes a retried request safe, as for messages. */
            idempotencyKey?: string;
            /** Format: date-time */
            observedAt?: string;
            /**
             * Format: date-time
             * @description From when the unit can receive the patient.
             */
            redoFran: string;
            /** Format: uuid */
            unitId?: string;
        };
        ConsentDto: {
            aterkallatAt: string | null;
            givetAt: string;
            id: string;
            namn: string;
            /** @enum {string} */
            omfattning: "plan";
            /** @description YYYY-MM-DD, the last day of access. */
            slutdatum: string;
            /**
             * @description aktivt; utgatt (the end date has passed); aterkallat.
             * @enum {string}
             */
            status: "aktivt" | "utgatt" | "aterkallat";
        };
        ConsentListDto: {
            samtycken: components["schemas"]["ConsentDto"][];
        };
        CorrectIdentityDto: {
            /** @description Why, e.g. "Personnumret fastställt av Skatteverket". */
            orsak?: string;
            personnummer?: string;
            samordningsnummer?: string;
        };
        CreateTemplateDto: {
            /**
             * @description Required items of the current version that this one drops or makes optional: they must be
             *     named here, so that making hemgångsklar easier is a decision, never an accident.
             */
            confirmRemovedRequired?: string[];
            description?: string;
            items: components["schemas"]["TemplateItemDto"][];
            key: string;
            name: string;
            /**
             * Format: uuid
             * @description The organisation the version is for; needed only by an admin of several.
             */
            organisationId?: string;
        };
        CreateThreadDto: {
            /** Format: date-time */
            admittedAt?: string;
            idempotencyKey?: string;
            /**
             * Format: uuid
             * @description The ward that owns the thread; needed only when the user belongs to several wards.
             */
            ownerUnitId?: string;
            participantUnitIds: string[];
            /** @description IsObject: ValidateNested alone lets a missing patient through to the service. */
            patient: components["schemas"]["PatientInputDto"];
            plannedDischargeDate?: string;
            /** @enum {string} */
            triage: "gron" | "gul" | "rod";
        };
        DaysFigure: {
            mean: number | null;
            median: number | null;
            n: number | null;
        };
        Deadline: {
            /** @description When it falls due; for betalningsansvar, when liability starts. */
            dueAt: string;
            /** @description Hours past due (state forsenad), rounded down. */
            hoursOverdue: number | null;
            /** @enum {string} */
            key: "inskrivningsmeddelande" | "sip_kallelse" | "betalningsansvar";
            label: string;
            metAt: string | null;
            /** @enum {string} */
            state: "kommande" | "forsenad" | "uppfylld" | "uppfylld_sent";
        };
        DeliveredWeekDto: {
            hours: number;
            unitId: string;
            weekFrom: string;
        };
        DischargeCheckDto: {
            at: string;
            /** @description Empty: the discharge fits the plan. Otherwise utskrivningsmeddelande needs bekraftaTrotsKonflikter and orsak. */
            conflicts: components["schemas"]["DischargeConflictDto"][];
            threadId: string;
        };
        DischargeConflictDto: {
            /** @enum {string} */
            kind: "avbrott" | "enhet_ej_redo" | "enhet_redo_senare" | "upphamtning_senare" | "punkt_ej_klar";
            /** @description Swedish, one line ("Hemtjänst Norr är redo först 9 dec 09:00."). */
            message: string;
        };
        DischargeDay: {
            /** @description YYYY-MM-DD */
            date: string;
            /** @description The holiday's or weekend day's name; null on a working day. */
            nonWorking: string | null;
        };
        ErrorBodyDto: {
            /** @description On a 500: the reference to the server's log line. */
            correlationId?: string;
            /**
             * @description A code: validation, unauthenticated, forbidden, not_found, conflict, payload_too_large, unavailable, internal, http_NNN.
             * @example not_found
             */
            error: string;
            /** @description Per field, on a 400 for invalid input. */
            fields?: components["schemas"]["FieldErrorDto"][];
            /**
             * @description For people, in Swedish.
             * @example Ärendet finns inte.
             */
            message: string;
            /** @example 404 */
            statusCode: number;
        };
        FactDto: {
            /** @enum {string} */
            key: "narstaende" | "folkbokforingsadress" | "samtycke" | "avdelningens_telefon" | "fast_vardkontakt" | "stod_fore_inskrivning" | "ansvarig_handlaggare";
            label: string;
            setAt: string;
            setBy: components["schemas"]["AuthorRef"];
            value: {
                [key: string]: unknown;
            };
            version: number;
        };
        FactHistoryDto: {
            versions: components["schemas"]["FactDto"][];
        };
        FieldErrorDto: {
            /** @description The field's path, e.g. `patient.personnummer`. */
            field: string;
            /** @description What is wrong, in Swedish. */
            message: string;
        };
        Figures: {
            avbrott: number | null;
            cost: number | null;
            discharged: number | null;
            /**
             * @description "Utskriven före hemgångsklar": discharged although the plan did not fit (a receiving unit not
             *     ready by then, the pick-up later, a required item open or an avbrott: the conflicts the
             *     discharge check recorded with the discharge message in force), of those discharged.
             */
            dischargedBeforeReady: components["schemas"]["Share"];
            /** @description Of those: recorded by an import without a person's confirmation. */
            dischargedBeforeReadyUnconfirmed: number | null;
            /** @description Ready → discharged, avbrott excluded, in hours: median and 90th percentile (nearest rank). */
            leadTimeHours: components["schemas"]["LeadTime"];
            outcomes: components["schemas"]["Outcomes"];
            paymentDays: number | null;
            readmissions30: number | null;
            /** @description Discharged on the calendar day of the (latest) ready notice, of those discharged after one. */
            sameDay: components["schemas"]["Share"];
            /** @description SIP summons in time, of the threads where the SIP deadline applies. */
            sipInTime: components["schemas"]["Share"];
            threads: number | null;
            triage: components["schemas"]["TriageCounts"];
        };
        GiveConsentDto: {
            /** @description The name the patient knows the närstående by (shown to the patient and to staff). */
            namn: string;
            /**
             * @description What the närstående may see: only the plan, never the staff's conversation or the log.
             * @enum {string}
             */
            omfattning: "plan";
            personnummer: string;
            /** @description The last day of access (inclusive). */
            slutdatum: string;
        };
        GoalFigures: {
            /** @description Goals evaluated (the latest evaluation per thread). */
            goals: number | null;
            notReached: number | null;
            partly: number | null;
            reached: number | null;
            shareReached: number | null;
            /** @description Threads with an evaluation of their SIP plan. */
            threads: number | null;
        };
        GrantedHoursDto: {
            from: string;
            hours: number;
            /** @description dag, vecka, manad or period. */
            per: string;
            to: string | null;
        };
        HealthDto: {
            /** @enum {string} */
            database: "ok" | "unreachable";
            /** @enum {string} */
            node: "ok" | "stopping";
            /** @enum {string} */
            status: "unavailable" | "ok";
        };
        HemgangMissingGroup: {
            /** @description Who is responsible, for people: "Hemtjänst Norr", "Hemsjukvård", "Slutenvård". */
            ansvarig: string;
            punkter: string[];
        };
        HemgangsbeslutFigures: {
            /** @description Threads with a hemgångsbeslut in force. */
            count: number | null;
            /** @description Reported by the providers, week by week (a provider sees its own). */
            hoursDelivered: number | null;
            hoursGranted: number | null;
            /** @description Of those, the decisions whose total hours can be known (a pot, or a rate with an end date). */
            withHours: number | null;
        };
        HemgangStatus: {
            /** @description klar / kontrollera_tiderna: the earliest moment the patient can be received; utskriven: the discharge time. */
            fran: string | null;
            /** @description Why the times must be checked (Swedish); also shown while ej_klar. */
            kontrollera: string[];
            /** @description ej_klar: what is missing, grouped per responsible party. */
            saknas: components["schemas"]["HemgangMissingGroup"][];
            /** @enum {string} */
            state: "ej_klar" | "klar" | "kontrollera_tiderna" | "utskriven";
            /** @description The booked pick-up (the transport checklist's time, when done), before discharge: the receiving units' inbox shows it. */
            upphamtning?: string;
            /** @description utskriven: the discharge went against the plan (conflicts recorded with the discharge message). */
            utskrivenForeHemgangsklar?: boolean;
        };
        HomeCareHours: {
            after90Days: components["schemas"]["Mean"];
            beforeAdmission: components["schemas"]["Mean"];
            endOfPeriod: components["schemas"]["Mean"];
        };
        HomeDeviationDto: {
            /** @description lakemedel_saknas, hjalpmedel_saknas, insats_uteblev or annat. */
            category: string;
            closedAt: string | null;
            /** @description Whether one of the reader's units may answer it (a unit of the responsible organisation, while open). */
            mayAnswer: boolean;
            messageId: string;
            reportedAt: string;
            reportedByUnitId: string;
            responsibleOrganisationName: string;
            responsibleUnitId: string;
            responsibleUnitName: string;
            /** @description oppen, besvarad or kvitterad. */
            state: string;
        };
        HomeMeasurementDto: {
            /** @description Katz ADL A–G. */
            adl: string | null;
            measuredAt: string;
            /** @description start or slut. */
            moment: string;
            ratedBy: string | null;
            /** @description Upplevd trygghet 0–10. */
            safety: number | null;
        };
        HomePeriodDto: {
            carryingUnitId: string;
            carryingUnitName: string;
            goals: string[];
            handedOverOn: string | null;
            handedOverTo: string | null;
            plannedEndDate: string;
            /** @description Started and not yet handed over. */
            running: boolean;
            startDate: string;
        };
        HomePhaseDto: {
            delivered: components["schemas"]["DeliveredWeekDto"][];
            deliveredTotal: number;
            deviations: components["schemas"]["HomeDeviationDto"][];
            dischargedAt: string | null;
            granted: components["schemas"]["GrantedHoursDto"] | null;
            longTermDecision: components["schemas"]["LongTermDecisionDto"] | null;
            measurements: components["schemas"]["HomeMeasurementDto"][];
            /** @description What keeps the thread from being closed without a reason (Swedish). */
            openItems: string[];
            period: components["schemas"]["HomePeriodDto"] | null;
            /** @description fore_utskrivning, hemma (after discharge, the thread still open) or avslutad. */
            phase: string;
            receptions: components["schemas"]["HomeReceptionDto"][];
            recordedHours: components["schemas"]["RecordedHoursDto"][];
            threadId: string;
        };
        HomeReceptionDto: {
            messageId: string;
            /** @description When the patient was seen at home. */
            observedAt: string;
            /** @description When the unit recorded it in Brygga. */
            recordedAt: string;
            unitId: string;
            unitName: string;
        };
        ItemChangeDto: {
            after: components["schemas"]["ItemStateValue"];
            before: components["schemas"]["ItemStateValue"];
            changedAt: string;
            changedBy: components["schemas"]["PersonRef"];
            messageId: string;
            version: number;
        };
        ItemChangeResult: {
            hemgangsklar: boolean;
            hemgangsklarAt: string | null;
            item: components["schemas"]["ChecklistItemDto"];
        };
        ItemCondition: {
            in: (string | boolean)[];
            item: string;
        };
        ItemHistoryDto: {
            changes: components["schemas"]["ItemChangeDto"][];
            item: components["schemas"]["ChecklistItemDto"];
        };
        ItemStateValue: {
            /** @enum {string} */
            state: "ej_paborjad" | "pagar" | "klar" | "ej_aktuell";
            value: (string | boolean) | null;
        };
        LeadTime: {
            median: number | null;
            p90: number | null;
        };
        LogoutDto: {
            /** @description The IdP's end-session page, to go on to; null when it has none. */
            endSessionUrl: string | null;
            loggedOut: boolean;
            /** @description Sessions ended: 1, or with /auth/logout/everywhere every session the user had. */
            sessions: number;
        };
        LongTermDecisionDto: {
            decidedOn: string;
            hoursPerWeek: number;
            insatser: string[];
        };
        MarkAlertDto: {
            /** @enum {string} */
            state: "sedd" | "hanterad";
        };
        MarkReadDto: {
            upToSeq: number;
        };
        MarkReadResultDto: {
            /** @description Receipts written now (0 when all were already read). */
            recorded: number;
            upToSeq: number;
        };
        Mean: {
            mean: number | null;
            /** @description How many threads the mean is of. */
            n: number | null;
        };
        MeDto: {
            acr?: string;
            authMethod: string;
            /** @description Send it back as the x-csrf-token header on every write. */
            csrfToken?: string;
            session: components["schemas"]["MeSession"];
            units: components["schemas"]["MeUnit"][];
            user: components["schemas"]["MeUser"];
        };
        MemberDto: {
            membershipId: string;
            name: string;
            /** @enum {string} */
            role: "koordinator" | "handlaggare" | "sjukskoterska" | "utforare" | "lakare" | "logggranskare" | "admin" | "enhetschef";
            unitId: string;
            unitName: string;
            userId: string;
        };
        MemberListDto: {
            memberships: components["schemas"]["MemberDto"][];
        };
        MembershipDecisionDto: {
            orsak?: string;
        };
        MembershipRequestDto: {
            name: string;
            /**
             * @description elevated_role: logggranskare or admin; other_organisation: the person belongs to another organisation.
             * @enum {string}
             */
            reason: "elevated_role" | "other_organisation";
            requestedAt: string;
            requestedByName: string;
            requestedByUserId: string;
            requestId: string;
            /** @enum {string} */
            role: "koordinator" | "handlaggare" | "sjukskoterska" | "utforare" | "lakare" | "logggranskare" | "admin" | "enhetschef";
            /** @enum {string} */
            status: "pending" | "approved" | "rejected";
            unitId: string;
            unitName: string;
            /** @description The person the grant is for. */
            userId: string;
        };
        MembershipRequestedDto: {
            request: components["schemas"]["MembershipRequestDto"];
        };
        MembershipRequestListDto: {
            requests: components["schemas"]["MembershipRequestDto"][];
        };
        MeSession: {
            absoluteExpiresAt: string | null;
            idleTimeoutSeconds: number;
        };
        MessageAttachment: {
            contentType: string;
            id: string;
            name: string;
            /** @description Images and PDFs without scripts; the rest is download only. */
            previewable: boolean;
            sha256: string;
            size: number;
            /**
             * @description not_scanned: no scanner configured; scan_pending: väntar på viruskontroll (not downloadable yet).
             * @enum {string}
             */
            state: "not_scanned" | "clean" | "scan_pending" | "infected";
        };
        MessageDelivery: {
            /** @description väntar på kvittens, kvitterat or fel. */
            label: string;
            /** @enum {string} */
            status: "vantar_pa_kvittens" | "kvitterat" | "fel";
            unitId: string;
        };
        MessageDto: {
            attachments: components["schemas"]["MessageAttachment"][];
            author: components["schemas"]["AuthorRef"];
            body: string | null;
            correctsMessageId: string | null;
            createdAt: string;
            /**
             * @description Sent to receiving units' systems as FHIR messages (libs/fhir): per unit, väntar på kvittens
             *     (`vantar_pa_kvittens`), `kvitterat` or `fel`. Absent when the message goes to no system.
             */
            deliveries?: components["schemas"]["MessageDelivery"][];
            /** @description A record of what happened (checklist change, participant added …): not counted as unread. */
            event: boolean;
            id: string;
            /**
             * @description One of the kinds libs/contracts defines (message-kinds.ts): postable, event or system.
             * @enum {string}
             */
            kind: "utskrivningsklar" | "avbrott" | "fritext" | "inskrivningsmeddelande" | "planerad_utskrivning" | "utskrivningsmeddelande" | "permission" | "permission_slut" | "dodsfall" | "sip_kallelse" | "sip_svar" | "kvittens" | "hemgangsbeslut" | "redo" | "redo_aterkallad" | "mottagen_hemma" | "avvikelse" | "avvikelse_svar" | "trygg_hemgang_start" | "matning" | "hemtjanstimmar" | "levererade_timmar" | "langsiktigt_beslut" | "overlamning" | "checklista_tillagd" | "checklista_andrad" | "hemgangsklar" | "deltagare_tillagd" | "deltagare_borttagen" | "agare_bytt" | "arende_avslutat" | "arende_makulerat" | "uppgift_andrad" | "plan_publicerad" | "sip_plan_version" | "sip_plan_accepterad" | "sip_plan_anteckning" | "bevakning";
            /**
             * @description When the act happened, when it was made without coverage and sent later (createdAt is when
             *     Brygga received it); null otherwise. The timeline shows it when the two differ.
             */
            observedAt: string | null;
            payload: {
                [key: string]: unknown;
            } | null;
            seq: number;
            /** @description Written by Brygga itself (derived state): show it as from Brygga, not from `author`. */
            system: boolean;
            threadId: string;
        };
        MessageListDto: {
            messages: components["schemas"]["MessageDto"][];
        };
        MeUnit: {
            capabilities: ("thread.read" | "thread.open" | "message.post" | "discharge.notify" | "decision.post" | "readiness.declare" | "participants.manage" | "facts.write" | "checklist.apply" | "alert.handle" | "checklist.change" | "audit.review" | "template.admin" | "directory.admin" | "system.admin" | "statistics.read" | "plan.publish" | "fhir.exchange" | "push.subscribe" | "task.list")[];
            organisationId: string;
            organisationName: string;
            /** @enum {string} */
            orgKind: "slutenvard" | "sof" | "hemsjukvard" | "hemtjanst" | "primarvard";
            /** @enum {string} */
            role: "koordinator" | "handlaggare" | "sjukskoterska" | "utforare" | "lakare" | "logggranskare" | "admin" | "enhetschef";
            unitId: string;
            unitName: string;
        };
        MeUser: {
            id: string;
            name: string;
        };
        MissingDto: {
            checklistId?: string;
            itemId?: string;
            /** @description Swedish, for people. */
            message: string;
            /** @enum {string} */
            reason: "no_checklist" | "no_receiving_unit" | "item_not_done" | "unit_not_ready";
            /** @enum {string} */
            responsible?: "slutenvard" | "sof" | "hemsjukvard" | "hemtjanst" | "primarvard";
            unitId?: string;
        };
        MyReceiptsDto: {
            receipts: components["schemas"]["ReceiptsDto"][];
        };
        NotificationSettingsDto: {
            deadline: boolean;
            /** @description Devices of mine that receive push. */
            devices: number;
            emailAddress: string | null;
            /** @description Whether this installation sends e-mail at all (SMTP_URL set). */
            emailAvailable: boolean;
            emailEnabled: boolean;
            /** @description At most one e-mail in this many minutes. */
            emailIntervalMinutes: number;
            hemgangsklar: boolean;
            message: boolean;
        };
        NotNeededDto: {
            /** @description The group's heading as in the template ("Rollator"); without it, the whole checklist. */
            group?: string;
            /** Format: uuid */
            unitId?: string;
        };
        NotNeededResult: {
            changed: number;
            checklist: components["schemas"]["ChecklistDto"];
            hemgangsklarAt: string | null;
        };
        OfflineKeyDto: {
            /** @description AES-256-GCM key, base64. */
            key: string;
            /** @description The offline copy is dropped this many hours after it was made. */
            shiftHours: number;
        };
        OfflineReadDto: {
            /**
             * Format: date-time
             * @description When it was opened: within the last shift (OFFLINE_SHIFT_HOURS), not ahead of the server's clock.
             */
            observedAt: string;
            /** @description Chosen by the phone: the same read sent again is recorded once. */
            readKey: string;
            /** Format: uuid */
            threadId: string;
        };
        OfflineReadResultDto: {
            /** @description Swedish, for the user, when the read was not recorded. */
            message?: string;
            /** @enum {string} */
            outcome: "registrerad" | "redan_registrerad" | "nekad" | "ogiltig";
            readKey: string;
            threadId: string;
        };
        OfflineReadsDto: {
            reads: components["schemas"]["OfflineReadDto"][];
        };
        OfflineReadsResultDto: {
            results: components["schemas"]["OfflineReadResultDto"][];
        };
        Outcomes: {
            adlChange: components["schemas"]["AdlChange"];
            goals: components["schemas"]["GoalFigures"];
            hemgangsbeslut: components["schemas"]["HemgangsbeslutFigures"];
            /** @description Home-care hours per week, where recorded. */
            homeCareHours: components["schemas"]["HomeCareHours"];
            /** @description Calendar days from the ready notice in force to discharge. */
            readyToDischargeDays: components["schemas"]["DaysFigure"];
            /** @description Upplevd trygghet (0–10): end minus start, of the threads with both. */
            safetyChange: components["schemas"]["Mean"];
            sipHeld: components["schemas"]["SipHeld"][];
            /** @description All SIP meetings held (the sum of sipHeld). */
            sipHeldCount: number | null;
        };
        ParticipantDto: {
            /** Format: uuid */
            unitId: string;
        };
        PatientAccountDto: {
            groups: components["schemas"]["AccountGroup"][];
            total: number;
            /** @description More rows than one account shows (the newest are shown). */
            truncated: boolean;
        };
        PatientInputDto: {
            familyName: string;
            givenName: string;
            personnummer?: string;
            protectedIdentity?: boolean;
            reservnummer?: components["schemas"]["ReservnummerDto"];
            samordningsnummer?: string;
        };
        Period: {
            /** @description YYYY-MM-DD */
            from: string;
            /** @description YYYY-MM-DD */
            to: string;
        };
        PersonRef: {
            name: string;
            unitId: string;
            unitName: string;
            userId: string;
        };
        PlanEntry: {
            /** @description When the underlying fact last changed; null when not known. */
            changedAt: string | null;
            /** @description A tick: arranged (true) or not yet (false); absent on a plain line. */
            done?: boolean;
            key: string;
            label: string;
            /** @description "Nytt": changed since the last publication, with the date of the change; null otherwise. */
            nytt: string | null;
            text: string;
        };
        PlanPublication: {
            publishedAt: string;
            unitName: string;
            version: number;
        };
        PlanSection: {
            entries: components["schemas"]["PlanEntry"][];
            /** @enum {string} */
            key: "hemgang" | "resa" | "mottagande" | "ordnat" | "hjalp" | "sip" | "kontakter";
            title: string;
        };
        PlanView: {
            /** @description Something on the page has changed since the latest publication. */
            changedSincePublish: boolean;
            patientId: string;
            /** @description The latest publication; null: never published (the patient sees nothing). */
            published: components["schemas"]["PlanPublication"] | null;
            sections: components["schemas"]["PlanSection"][];
            threadId: string;
            /** @description The ward that owns the thread. */
            wardName: string;
        };
        PostMessageDto: {
            /** @description Files uploaded first (POST /api/threads/:id/attachments); the configured limit per message applies. */
            attachmentIds?: string[];
            /** @description Free text: trimmed; control characters other than newline and tab, and bidi controls, are refused. */
            body?: string;
            /** Format: uuid */
            correctsMessageId?: string;
            /** @description Chosen by the client; a retry with the same key returns the original message. */
            idempotencyKey: string;
            /** @enum {string} */
            kind: "fritext" | "inskrivningsmeddelande" | "planerad_utskrivning" | "utskrivningsklar" | "avbrott" | "utskrivningsmeddelande" | "permission" | "permission_slut" | "dodsfall" | "sip_kallelse" | "sip_svar" | "kvittens" | "hemgangsbeslut" | "redo" | "redo_aterkallad" | "mottagen_hemma" | "avvikelse" | "avvikelse_svar" | "trygg_hemgang_start" | "matning" | "hemtjanstimmar" | "levererade_timmar" | "langsiktigt_beslut" | "overlamning";
            /**
             * Format: date-time
             * @description When it was written, for a message written without coverage and sent later: within the last shift, not ahead.
             */
            observedAt?: string;
            payload?: {
                [key: string]: unknown;
            };
            /**
             * Format: uuid
             * @description The unit the author writes for; needed only when several of their units take part.
             */
            unitId?: string;
        };
        PublicKeyDto: {
            /** @description The server's VAPID public key (base64url): PushManager.subscribe's applicationServerKey. */
            publicKey: string;
        };
        PublishPlanDto: {
            /**
             * Format: uuid
             * @description The unit the publisher acts for; needed only when several of theirs take part.
             */
            unitId?: string;
        };
        PushKeysDto: {
            /** @description The browser's auth secret, base64url (16 bytes). */
            auth: string;
            /** @description The browser's P-256 public key, base64url (65 bytes). */
            p256dh: string;
        };
        PushSubscriptionDto: {
            createdAt: string;
            id: string;
        };
        RateSafetyDto: {
            /** @enum {string} */
            moment: "start" | "slut";
            /**
             * Format: date-time
             * @description When the patient felt this (defaults to now); not in the future, not before admission.
             */
            observedAt?: string;
            varde: number;
        };
        ReadinessDto: {
            /** @enum {string} */
            orgKind: "slutenvard" | "sof" | "hemsjukvard" | "hemtjanst" | "primarvard";
            redo: boolean;
            redoFran: string | null;
            /** @description Who gave the current status, when, and (for a withdrawal) why. */
            since: components["schemas"]["ReadinessSince"] | null;
            /**
             * @description redo: ready to receive; aterkallad: withdrawn; ej_bekraftad: never confirmed.
             * @enum {string}
             */
            status: "redo" | "aterkallad" | "ej_bekraftad";
            unitId: string;
            unitName: string;
        };
        ReadinessSince: {
            at: string;
            messageId: string;
            name: string;
            orsak: string | null;
            userId: string;
        };
        ReceiptReader: {
            name: string;
            readAt: string;
            unitId: string;
            unitName: string;
            userId: string;
        };
        ReceiptsDto: {
            messageId: string;
            readers: components["schemas"]["ReceiptReader"][];
            units: components["schemas"]["ReceiptUnit"][];
        };
        ReceiptUnit: {
            firstReadAt: string;
            readers: number;
            unitId: string;
            unitName: string;
        };
        RecordedHoursDto: {
            hoursPerWeek: number;
            /** @description fore_inskrivning, efter_perioden or efter_90_dagar. */
            kind: string;
        };
        RegisterSystemClientDto: {
            /** @description Omitted: Brygga makes one. Letters, digits, `.`, `_`, `-`, 3–64 characters. */
            clientId?: string;
            endpointUrl?: string;
            name: string;
            /** Format: uuid */
            unitId: string;
        };
        ReservnummerDto: {
            /** @description The issuing system, e.g. a region's patient administration system. */
            issuer: string;
            value: string;
        };
        ReviewPatient: {
            identityNumber: string;
            name: string | null;
            protectedIdentity: boolean;
        };
        ReviewRow: {
            action: string;
            actionLabel: string;
            clientAddress: string | null;
            details: {
                [key: string]: unknown;
            } | null;
            /** @description The row's link in the hash chain; null for the fraction of a second before it is sealed. */
            hash: string | null;
            /** @description The line's name, unique in the log: the row's number, and for one of the accesses a covering row records, its entry ("1234.5"). */
            line: string;
            occurredAt: string;
            organisationName: string | null;
            outcome: string;
            /** @description The patient as the reviewer may see them: a protected identity stays masked unless searched for by number. */
            patient: components["schemas"]["ReviewPatient"] | null;
            patientId: string | null;
            role: string | null;
            /** @description The role in Swedish ("Sjuksköterska", "Patienten själv"). */
            roleLabel: string;
            seq: string;
            threadId: string | null;
            /** @description The thread as people know it: its ward and the day it began. */
            threadLabel: string | null;
            unitId: string | null;
            unitName: string | null;
            userId: string | null;
            userName: string | null;
        };
        SetFactDto: {
            /** @description The version the change is based on (0 for the first); another change in between gives 409. */
            expectedVersion: number;
            /** @description The fact's value; its fields depend on the key (validated against THREAD_FACTS, see docs/domain.md). */
            value: {
                [key: string]: unknown;
            };
        };
        Share: {
            count: number | null;
            of: number | null;
            share: number | null;
        };
        SipAcceptanceDto: {
            acceptedAt: string;
            unitId: string;
            unitName: string;
        };
        SipDeltagareInput: {
            enheter: string[];
            narstaendeDeltog: boolean;
            patientenDeltog: boolean;
        };
        SipHeld: {
            count: number | null;
            /** @description YYYY-MM */
            month: string;
            plats: string;
            typ: string;
        };
        SipInsatsDto: {
            enhetId: string;
            enhetNamn: string;
            fran: string;
            hurOfta: string;
            organisationNamn: string;
            vad: string;
        };
        SipInsatsInput: {
            /**
             * Format: uuid
             * @description The participating unit (of the organisation) that gives it.
             */
            enhetId: string;
            fran: string;
            /** @description How often, e.g. "morgon och kväll". */
            hurOfta: string;
            /** @description What is done, e.g. "Hjälp med dusch". */
            vad: string;
        };
        SipPlanDto: {
            /** @description The latest version; null before the first. */
            current: components["schemas"]["SipPlanVersionDto"] | null;
            entries: components["schemas"]["SipPlanEntryDto"][];
            history: components["schemas"]["SipPlanHistoryItemDto"][];
            /** @description The reader's units that may still accept their part of the current version. */
            mayAccept: string[];
            /** @description Whether one of the reader's units may write a version (summoned to SIP or the summoner). */
            mayEdit: boolean;
            threadId: string;
        };
        SipPlanEntryDto: {
            createdAt: string;
            datum: string;
            id: string;
            malResultat: string[];
            text: string;
            /** @description uppfoljning or utvardering. */
            typ: string;
            unitName: string;
            version: number;
        };
        SipPlanEntryInput: {
            datum: string;
            /** @description Evaluation: per goal of the current version, in order. */
            malResultat?: ("uppnatt" | "delvis" | "ej_uppnatt")[];
            text: string;
            /** @enum {string} */
            typ: "uppfoljning" | "utvardering";
            /** Format: uuid */
            unitId?: string;
        };
        SipPlanHistoryItemDto: {
            createdAt: string;
            createdByUnitName: string;
            version: number;
        };
        SipPlanInput: {
            deltagare: components["schemas"]["SipDeltagareInput"];
            /** @description The version this change starts from (absent for the first): a change on an old version is refused. */
            grundversion?: number;
            insatser: components["schemas"]["SipInsatsInput"][];
            /** @description The person's own goals, in their words: at least one, none empty. */
            mal: string[];
            motesdatum: string;
            /** @enum {string} */
            plats: "i_hemmet" | "pa_sjukhuset" | "digitalt" | "annat";
            /**
             * Format: uuid
             * @description The unit whose staff is SIP-ansvarig.
             */
            sipAnsvarigEnhet: string;
            sipAnsvarigNamn?: string;
            /** @description Kartläggning: the person's situation. */
            situation: string;
            /** @enum {string} */
            typ: "forebyggande" | "vid_utskrivning";
            uppfoljningsdatum: string;
        };
        SipPlanVersionDto: {
            /** @description Units whose part this is (an insats or taking part), with whether they accepted it. */
            accepterade: components["schemas"]["SipAcceptanceDto"][];
            createdAt: string;
            createdByUnitName: string;
            deltagandeEnheter: string[];
            insatser: components["schemas"]["SipInsatsDto"][];
            mal: string[];
            motesdatum: string;
            narstaendeDeltog: boolean;
            patientenDeltog: boolean;
            /** @description i_hemmet, pa_sjukhuset, digitalt or annat. */
            plats: string;
            sipAnsvarigEnhet: string;
            sipAnsvarigEnhetNamn: string;
            sipAnsvarigNamn: string | null;
            situation: string;
            /** @description forebyggande or vid_utskrivning. */
            typ: string;
            uppfoljningsdatum: string;
            vantarPa: components["schemas"]["SipAcceptanceDto"][];
            version: number;
        };
        StaffPlanDto: {
            /** @description Whether the reader may publish (the ward or SOF, in a role that grants plan.publish). */
            canPublish: boolean;
            /** @description Exactly the page the patient would see. */
            plan: components["schemas"]["PlanView"];
            publication: components["schemas"]["StaffPublication"] | null;
        };
        StaffPublication: {
            byName: string;
            publishedAt: string;
            unitName: string;
            version: number;
        };
        Statistics: {
            /** @description Whether the payment liability's cost is shown: not to a provider (hemtjänst), whose figures are its own delivery. */
            costShown: boolean;
            dayRate: number;
            period: components["schemas"]["Period"];
            region: string;
            /** @description The small-cell rule, as the page states it beside the figures. */
            rule: string;
            /** @description How long the query and the derivation took, in milliseconds (BENCHMARKS.md). */
            tookMs: components["schemas"]["Took"];
            total: components["schemas"]["UnitFigures"];
            units: components["schemas"]["UnitFigures"][];
            /** @description The same threads per discharging ward (the thread's owning ward): SOF's view of where patients come from. */
            wards: components["schemas"]["UnitFigures"][];
        };
        SubscribeDto: {
            /** @description The push service's https address for this device. */
            endpoint: string;
            /** @description Ignored: the push service decides when a subscription ends. */
            expirationTime?: number | null;
            keys: components["schemas"]["PushKeysDto"];
        };
        SystemClientChangeDto: {
            orsak?: string;
        };
        SystemClientDto: {
            /** @description The OAuth 2.0 client id it presents (Brygga's token endpoint, or the configured token issuer). */
            clientId: string;
            createdAt: string;
            /** @description Disabled: no token accepted, nothing sent to it. */
            disabledAt: string | null;
            /** @description Where Brygga sends FHIR messages for the unit; null: the unit receives none. */
            endpointUrl: string | null;
            id: string;
            name: string;
            /** @description When the current secret was set (registration or rotation); null: registered without one of Brygga's. */
            secretSetAt: string | null;
            /** @description The one unit the system acts for. */
            unitId: string;
            unitName: string;
        };
        SystemClientEndpointDto: {
            endpointUrl: string | null;
        };
        SystemClientListDto: {
            systemClients: components["schemas"]["SystemClientDto"][];
        };
        SystemClientSecretDto: {
            clientSecret: string;
            systemClient: components["schemas"]["SystemClientDto"];
            /** @description Where the system exchanges client id and secret for an access token (client credentials). */
            tokenEndpoint: string;
        };
        TaskDto: {
            /** @description The checklist, for an item: the thread opens on it. */
            checklistId: string | null;
            /** @description When it is due (the planned discharge, the SIP meeting), when known. */
            dueAt: string | null;
            /** @description punkt (a checklist item), redo (readiness to confirm), sip_svar, kvittens or avvikelse. */
            kind: string;
            ownerUnitName: string;
            patient: components["schemas"]["TaskPatientDto"];
            /** @description The item, summons, message or avvikelse it is about (the thread for readiness). */
            refId: string;
            /** @description Swedish, one line, no patient identity: "Resa hem: Vem som tar emot patienten hemma är inte bestämt". */
            text: string;
            threadId: string;
            threadStatus: string;
            /** @description My unit that owes it. */
            unitId: string;
            unitName: string;
        };
        TaskListDto: {
            /** @description Give as `cursor` for the next page; null on the last page. */
            nextCursor: string | null;
            tasks: components["schemas"]["TaskDto"][];
        };
        TaskPatientDto: {
            identityNumber: string;
            name: string | null;
            protectedIdentity: boolean;
        };
        TemplateCreator: {
            name: string;
            userId: string;
        };
        TemplateDto: {
            createdAt: string;
            /** @description null for the standard templates loaded on first start. */
            createdBy: components["schemas"]["TemplateCreator"] | null;
            description: string | null;
            id: string;
            items: components["schemas"]["TemplateItemView"][];
            key: string;
            name: string;
            /** @description The organisation whose version this is; null for a standard template. */
            organisationId: string | null;
            version: number;
        };
        TemplateItemDto: {
            choices?: string[];
            group?: string;
            help?: string;
            key: string;
            label: string;
            notInPast?: boolean;
            pending?: string;
            readyFrom?: boolean;
            required: boolean;
            /** @enum {string} */
            responsible: "slutenvard" | "sof" | "hemsjukvard" | "hemtjanst" | "primarvard";
            /** @enum {string} */
            valueType: "boolean" | "datetime" | "date" | "text" | "choice";
            when?: components["schemas"]["ConditionDto"];
        };
        TemplateItemView: {
            choices?: string[];
            group?: string;
            help?: string;
            key: string;
            label: string;
            notInPast?: boolean;
            pending?: string;
            readyFrom?: boolean;
            required: boolean;
            /** @enum {string} */
            responsible: "slutenvard" | "sof" | "hemsjukvard" | "hemtjanst" | "primarvard";
            /** @enum {string} */
            valueType: "boolean" | "datetime" | "date" | "text" | "choice";
            when?: components["schemas"]["ItemCondition"];
        };
        TemplateListDto: {
            templates: components["schemas"]["TemplateDto"][];
        };
        ThreadChecklistsDto: {
            checklists: components["schemas"]["ChecklistDto"][];
            hemgangsklar: boolean;
            hemgangsklarAt: string | null;
            kanTaEmotFran: string | null;
            /** @description Why the thread is not (yet) hemgångsklar, in Swedish; empty when it is. */
            missing: components["schemas"]["MissingDto"][];
            readiness: components["schemas"]["ReadinessDto"][];
            threadId: string;
            /** @description Things that do not fit together (e.g. the pick-up before the receivers are ready), in Swedish. */
            warnings: string[];
        };
        ThreadClock: {
            admittedAt: string;
            avbrottCount: number;
            /** @description When liability started or starts in the current (or last) ready period; null when it cannot. */
            betalningsansvarFrom: string | null;
            cost: number;
            deadlines: components["schemas"]["Deadline"][];
            dischargedAt: string | null;
            /** @description The discharge date (or the planned one) when it is a weekend day or holiday, with its name. */
            dischargeDay: components["schemas"]["DischargeDay"] | null;
            /** @description Discharged on the calendar day of the latest ready notice. */
            dischargedSameDay: boolean | null;
            /** @description Ready → discharged, avbrott periods excluded (statistics). */
            leadTimeHours: number | null;
            /** @description The earliest deadline not yet met (past due first). */
            nextDeadline: components["schemas"]["Deadline"] | null;
            notes: string[];
            overdue: boolean;
            pausedByAvbrott: components["schemas"]["AvbrottPause"] | null;
            /** @description Whole days of liability so far, every ready period together. */
            paymentDays: number;
            region: string;
            /** @enum {string} */
            state: "utskrivningsklar" | "avbrott" | "utskriven" | "ej_utskrivningsklar";
            /** @description The effective ready time of the current (or last) ready period. */
            utskrivningsklarSince: string | null;
        };
        ThreadDates: {
            admittedAt: string | null;
            dischargedAt: string | null;
            hemgangsklarAt: string | null;
            /** @description A date (YYYY-MM-DD). */
            plannedDischargeDate: string | null;
            utskrivningsklarAt: string | null;
        };
        ThreadDto: {
            /** @description The discharge law's clock, derived from the timeline (libs/deadlines). */
            clock?: components["schemas"]["ThreadClock"];
            createdAt: string;
            dates: components["schemas"]["ThreadDates"];
            /** @description The structured facts in force (single-thread view only). */
            facts?: components["schemas"]["ThreadFactInForce"][];
            /** @description The one going-home state with its reason, as the header, the inbox and the phone show it. */
            hemgang: components["schemas"]["HemgangStatus"];
            /** @description Derived from the checklists and the receiving units' readiness (see libs/checklists). */
            hemgangsklar: boolean;
            id: string;
            lastSeq: number;
            /**
             * @description The inbox, for a reader whose receiving unit (hemtjänst, hemsjukvård) takes part: its own
             *     readiness (of several such units, the one furthest from ready): redo, aterkallad or saknas.
             */
            minBekraftelse?: string;
            ownerUnit: components["schemas"]["UnitRef"];
            participants: components["schemas"]["ThreadParticipantDto"][];
            patient: components["schemas"]["ThreadPatient"];
            /** @enum {string} */
            status: "inskriven" | "planering" | "utskrivningsklar" | "avbrott" | "utskriven" | "avslutad" | "makulerad";
            /** @enum {string} */
            triage: "gron" | "gul" | "rod";
            unreadCount?: number;
            updatedAt: string;
        };
        ThreadFactInForce: {
            /** @enum {string} */
            key: "narstaende" | "folkbokforingsadress" | "samtycke" | "avdelningens_telefon" | "fast_vardkontakt" | "stod_fore_inskrivning" | "ansvarig_handlaggare";
            label: string;
            setAt: string;
            setBy: components["schemas"]["AuthorRef"];
            value: {
                [key: string]: unknown;
            };
            version: number;
        };
        ThreadListDto: {
            /** @description More threads match beyond this page (ask again with a larger `offset`). */
            hasMore: boolean;
            threads: components["schemas"]["ThreadDto"][];
        };
        ThreadParticipantDto: {
            name: string;
            organisationName: string;
            /** @enum {string} */
            orgKind: "slutenvard" | "sof" | "hemsjukvard" | "hemtjanst" | "primarvard";
            unitId: string;
        };
        ThreadPatient: {
            id: string;
            identityNumber: string;
            /** @enum {string} */
            identityType: "personnummer" | "samordningsnummer" | "reservnummer";
            /** @description null when the identity is protected and the reader is not the owning ward, and in lists. */
            name: string | null;
            /** @description Owner only: the name differs from an earlier registration of the same number. */
            nameMismatch?: boolean;
            protectedIdentity: boolean;
        };
        Took: {
            derive: number;
            query: number;
        };
        TriageCounts: {
            gron: number | null;
            gul: number | null;
            rod: number | null;
        };
        UnitFigures: {
            figures: components["schemas"]["Figures"];
            /** @description The figures suppressed (null) so that no patient can be identified: paths such as 'sameDay.count'. */
            suppressed: string[];
            unitId: string | null;
            unitName: string;
        };
        UnitListDto: {
            units: components["schemas"]["UnitSummary"][];
        };
        UnitRef: {
            id: string;
            name: string;
        };
        UnitSummary: {
            id: string;
            name: string;
            organisationId: string;
            organisationName: string;
            /** @enum {string} */
            orgKind: "slutenvard" | "sof" | "hemsjukvard" | "hemtjanst" | "primarvard";
        };
        UnsubscribedDto: {
            /** @description false: this device had no subscription of yours (already ended). */
            removed: boolean;
        };
        UnsubscribeDto: {
            endpoint: string;
        };
        UpdateNotificationSettingsDto: {
            /** @description A deadline warning (Bevakning) for one of my units. */
            deadline: boolean;
            /**
             * Format: email
             * @description Required when emailEnabled; null to forget it.
             */
            emailAddress?: string | null;
            emailEnabled: boolean;
            /** @description A thread of my units becomes, or stops being, hemgångsklar. */
            hemgangsklar: boolean;
            /** @description A new message to one of my units. */
            message: boolean;
        };
        UploadedAttachmentsDto: {
            attachments: components["schemas"]["AttachmentDto"][];
        };
        VerifyResult: {
            checkedRows: number;
            /** @description Signed checkpoints outside the database that the chain was held against. */
            checkpoints: components["schemas"]["CheckpointsChecked"];
            firstBroken?: components["schemas"]["BrokenLink"];
            lastSeq: string | null;
            ok: boolean;
        };
        WarningDto: {
            /** @description The alert names one of my units: I may mark it. */
            concernsMe: boolean;
            /** @description When it was raised (last). */
            createdAt: string;
            dueAt: string;
            handled: components["schemas"]["AlertMark"] | null;
            id: string;
            /** @description betalningsansvar, inskrivningsmeddelande, sip_kallelse or olast. */
            kind: string;
            /** @description nara or passerad. */
            level: string;
            raisedAt: string;
            seen: components["schemas"]["AlertMark"] | null;
            /** @description ny, sedd or hanterad. */
            state: string;
            text: string;
            thread: components["schemas"]["WarningThread"];
            threadId: string;
        };
        WarningListDto: {
            warnings: components["schemas"]["WarningDto"][];
        };
        WarningOwnerUnit: {
            id: string;
            name: string;
        };
        WarningPatient: {
            identityNumber: string;
            name: string | null;
            protectedIdentity: boolean;
        };
        WarningThread: {
            ownerUnit: components["schemas"]["WarningOwnerUnit"];
            patient: components["schemas"]["WarningPatient"];
            /** @enum {string} */
            status: "inskriven" | "planering" | "utskrivningsklar" | "avbrott" | "utskriven" | "avslutad" | "makulerad";
        };
        WithdrawConsentDto: {
            orsak?: string;
        };
        WithdrawReadinessDto: {
            idempotencyKey?: string;
            /** Format: date-time */
            observedAt?: string;
            orsak?: string;
            /** Format: uuid */
            unitId?: string;
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
    MembershipRequestsController_list: {
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
                    "application/json": components["schemas"]["MembershipRequestListDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    MembershipRequestsController_approve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                requestId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MembershipDecisionDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    MembershipRequestsController_reject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                requestId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MembershipDecisionDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MembershipRequestDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    MembershipsController_list: {
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
                    "application/json": components["schemas"]["MemberListDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    MembershipsController_add: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddMembershipDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberDto"];
                };
            };
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MembershipRequestedDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    MembershipsController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                membershipId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    SystemClientAdminController_list: {
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
                    "application/json": components["schemas"]["SystemClientListDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    SystemClientAdminController_register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterSystemClientDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SystemClientSecretDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    SystemClientAdminController_disable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                systemClientId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SystemClientChangeDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SystemClientDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    SystemClientAdminController_enable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                systemClientId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SystemClientChangeDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SystemClientDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    SystemClientAdminController_setEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                systemClientId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SystemClientEndpointDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SystemClientDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    SystemClientAdminController_rotate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                systemClientId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SystemClientChangeDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SystemClientSecretDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    AuditController_list: {
        parameters: {
            query?: {
                /** @description The previous page's nextBefore: the line after which this page begins. */
                before?: string;
                from?: string;
                limit?: number;
                patientId?: string;
                threadId?: string;
                to?: string;
                unitId?: string;
                userId?: string;
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
                content: {
                    "application/json": components["schemas"]["AuditPageDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    AuditController_extract: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AuditExtractDto"];
            };
        };
        responses: {
            /** @description Loggutdraget: CSV (format csv) eller en utskrivbar sida (format html). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "text/html": string;
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    AuditController_search: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AuditSearchDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPageDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    AuditController_verify: {
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
                    "application/json": components["schemas"]["VerifyResult"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    BevakningController_list: {
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
                    "application/json": components["schemas"]["WarningListDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ChecklistTemplatesController_list: {
        parameters: {
            query?: {
                /** @description true: every version; otherwise the latest version of each key. */
                all?: "true" | "false";
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
                content: {
                    "application/json": components["schemas"]["TemplateListDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ChecklistTemplatesController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTemplateDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    HealthController_health: {
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
                    "application/json": components["schemas"]["HealthDto"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthDto"];
                };
            };
        };
    };
    ProbesController_live: {
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
                         *         "responseTime": 12,
                         *         "status": "up"
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
                         *         "responseTime": 12,
                         *         "status": "up"
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
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       },
                         *       "redis": {
                         *         "message": "Could not connect",
                         *         "responseTime": 3005,
                         *         "status": "down"
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
                         *         "message": "Could not connect",
                         *         "responseTime": 3005,
                         *         "status": "down"
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
                         *         "responseTime": 12,
                         *         "status": "up"
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
    ProbesController_ready: {
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
                         *         "responseTime": 12,
                         *         "status": "up"
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
                         *         "responseTime": 12,
                         *         "status": "up"
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
                         *         "responseTime": 12,
                         *         "status": "up"
                         *       },
                         *       "redis": {
                         *         "message": "Could not connect",
                         *         "responseTime": 3005,
                         *         "status": "down"
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
                         *         "message": "Could not connect",
                         *         "responseTime": 3005,
                         *         "status": "down"
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
                         *         "responseTime": 12,
                         *         "status": "up"
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
    AuthController_me: {
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
                    "application/json": components["schemas"]["MeDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    CitizensController_accessAccount: {
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
                    "application/json": components["schemas"]["PatientAccountDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    CitizensController_exportAccount: {
        parameters: {
            query: {
                format: "csv" | "html";
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
                content: {
                    "application/json": string;
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    CitizensController_me: {
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
                    "application/json": components["schemas"]["CitizenMeDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    CitizensController_listConsents: {
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
                    "application/json": components["schemas"]["ConsentListDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    CitizensController_giveConsent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GiveConsentDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    CitizensController_withdrawConsent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WithdrawConsentDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    CitizensController_plansList: {
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
                    "application/json": components["schemas"]["CitizenPlanListDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    CitizensController_plan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                threadId: string;
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
                    "application/json": components["schemas"]["CitizenPlanDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    CitizensController_callMe: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                threadId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CallMeDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CitizenAnswerDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    CitizensController_acknowledge: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                threadId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcknowledgeDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CitizenAnswerDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    CitizensController_rateSafety: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                threadId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RateSafetyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CitizenAnswerDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    NotificationSettingsController_get: {
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
                    "application/json": components["schemas"]["NotificationSettingsDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    NotificationSettingsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateNotificationSettingsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationSettingsDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    OfflineController_key: {
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
                    "application/json": components["schemas"]["OfflineKeyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    OfflineController_reads: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OfflineReadsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfflineReadsResultDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    PushController_publicKey: {
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
                    "application/json": components["schemas"]["PublicKeyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    PushController_subscribe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubscribeDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PushSubscriptionDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    PushController_unsubscribe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UnsubscribeDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsubscribedDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    StatisticsController_get: {
        parameters: {
            query?: {
                /** @description First day of the period (admission date, Swedish time); default 30 days back. */
                from?: string;
                /** @description Last day of the period, inclusive; default today. */
                to?: string;
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
                content: {
                    "application/json": components["schemas"]["Statistics"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    StatisticsController_export: {
        parameters: {
            query?: {
                /** @description First day of the period (admission date, Swedish time); default 30 days back. */
                from?: string;
                /** @description Last day of the period, inclusive; default today. */
                to?: string;
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
                content: {
                    "application/json": string;
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    TasksController_list: {
        parameters: {
            query?: {
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Page size (default 50). */
                limit?: number;
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
                content: {
                    "application/json": components["schemas"]["TaskListDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_list: {
        parameters: {
            query?: {
                /** @description true: leave out avslutade and makulerade threads (the inbox's default view). */
                aktiva?: "true" | "false";
                /** @description The clock's views: ready but not hemgångsklar, or past a deadline (libs/deadlines). */
                filter?: "utskrivningsklar_ej_hemgangsklar" | "forsenad";
                /** @description Page size (default 500). */
                limit?: number;
                /**
                 * @description true: only "mina": threads the user opened or wrote in, or whose ansvarig handläggare
                 *     (the SOF fact) carries the user's name. Combines with the other filters.
                 */
                mina?: "true" | "false";
                /** @description Threads to skip: the next page starts at offset + limit. */
                offset?: number;
                /** @description Search: every word in the patient's name, or 4+ digits of the identity number (over all my threads, not one page). */
                q?: string;
                sort?: "aktivitet" | "frist";
                status?: "inskriven" | "planering" | "utskrivningsklar" | "avbrott" | "utskriven" | "avslutad" | "makulerad";
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
                content: {
                    "application/json": components["schemas"]["ThreadListDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateThreadDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThreadDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Rollen ger inte behörigheten. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["ThreadDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    AlertsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["AlertListDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    AlertsController_mark: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alertId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MarkAlertDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    AttachmentsController_upload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    file?: string[];
                };
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadedAttachmentsDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    AttachmentsController_download: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                attachmentId: string;
                id: string;
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
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CloseThreadDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThreadDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ChecklistsController_overview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["ThreadChecklistsDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ChecklistsController_apply: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApplyChecklistDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChecklistDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ChecklistsController_setNotNeeded: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checklistId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NotNeededDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotNeededResult"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ChecklistsController_changeItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                itemId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangeItemDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemChangeResult"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ChecklistsController_history: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                itemId: string;
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
                    "application/json": components["schemas"]["ItemHistoryDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_close: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CloseThreadDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThreadDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ChecklistsController_checkDischarge: {
        parameters: {
            query?: {
                /** @description The discharge time to check (ISO 8601 with an offset); now when absent. */
                at?: string;
            };
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["DischargeCheckDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_setFact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetFactDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FactDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_factHistory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                key: string;
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
                    "application/json": components["schemas"]["FactHistoryDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    HomePhaseController_summary: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["HomePhaseDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_listMessages: {
        parameters: {
            query?: {
                after?: number;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["MessageListDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostMessageDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_receiptsOf: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                messageId: string;
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
                    "application/json": components["schemas"]["ReceiptsDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    StaffConsentsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["ConsentListDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_addParticipant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ParticipantDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThreadDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_removeParticipant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                unitId: string;
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
                    "application/json": components["schemas"]["ThreadDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_correctPatientIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CorrectIdentityDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThreadDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    PlanController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["StaffPlanDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    PlanController_publish: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublishPlanDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffPlanDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_markRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MarkReadDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarkReadResultDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ChecklistsController_confirmReady: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfirmReadinessDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ChecklistsController_withdraw: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WithdrawReadinessDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_myReceipts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["MyReceiptsDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    SipPlanController_read: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["SipPlanDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    SipPlanController_save: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SipPlanInput"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SipPlanDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    SipPlanController_accept: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcceptSipPlanDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SipPlanDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    SipPlanController_entry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SipPlanEntryInput"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SipPlanDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    ThreadsController_transfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ParticipantDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThreadDto"];
                };
            };
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Ärendet finns inte, eller så deltar ingen av användarens enheter med rätt roll. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    DirectoryController_list: {
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
                    "application/json": components["schemas"]["UnitListDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    AuthController_callback: {
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
                content?: never;
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    AuthController_login: {
        parameters: {
            query: {
                idp: "bankid" | "siths";
                /** @description A local path to return to after login; never another site. */
                returnTo?: string;
                /** @description 'medborgare': a patient or närstående logs in to "Min hemgång" (BankID only), never as staff. */
                som?: "medborgare";
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
            /** @description Ogiltig indata: ett meddelande per fält (fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    AuthController_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON when asked for; otherwise a 303 to the IdP's end-session page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogoutDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    AuthController_logoutEverywhere: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON when asked for; otherwise a 303 to the IdP's end-session page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogoutDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    CitizenAuthController_logout: {
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
                    "application/json": components["schemas"]["CitizenLogoutDto"];
                };
            };
            /** @description Ingen giltig session. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Databasen nås inte, eller noden stängs: försök igen efter Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
}
