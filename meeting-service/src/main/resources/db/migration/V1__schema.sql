-- Televisit schema: see DESIGN.md ("State"). Party ids are the `sub` of each party's token.

CREATE TABLE appointment (
    id               uuid        PRIMARY KEY,
    doctor_id        text        NOT NULL CHECK (length(doctor_id) BETWEEN 1 AND 200),
    patient_id       text        NOT NULL CHECK (length(patient_id) BETWEEN 1 AND 200),
    agency_id        text                 CHECK (length(agency_id) BETWEEN 1 AND 200),
    starts_at        timestamptz NOT NULL,
    duration_minutes integer     NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    type             text        NOT NULL CHECK (type IN ('VIDEO', 'IN_PERSON')),
    status           text        NOT NULL CHECK (status IN ('REQUESTED', 'APPROVED', 'CANCELLED', 'COMPLETED')),
    version          bigint      NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
-- "My appointments" looks up each party's column by time.
CREATE INDEX appointment_doctor_starts  ON appointment (doctor_id, starts_at);
CREATE INDEX appointment_patient_starts ON appointment (patient_id, starts_at);
CREATE INDEX appointment_agency_starts  ON appointment (agency_id, starts_at) WHERE agency_id IS NOT NULL;

CREATE TABLE meeting (
    appointment_id uuid        PRIMARY KEY REFERENCES appointment (id),
    room_name      text        NOT NULL UNIQUE,
    status         text        NOT NULL CHECK (status IN ('CREATED', 'STARTED', 'ENDED')),
    started_at     timestamptz,
    ended_at       timestamptz
);

CREATE TABLE lobby_request (
    id             uuid        PRIMARY KEY,
    appointment_id uuid        NOT NULL REFERENCES appointment (id),
    requester_id   text        NOT NULL,
    status         text        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED')),
    reason         text,
    requested_at   timestamptz NOT NULL,
    decided_at     timestamptz,
    decided_by     text,
    version        bigint      NOT NULL DEFAULT 0
);
-- One open knock per requester and appointment.
CREATE UNIQUE INDEX lobby_request_one_pending ON lobby_request (appointment_id, requester_id) WHERE status = 'PENDING';
CREATE INDEX lobby_request_appointment ON lobby_request (appointment_id, requested_at);
CREATE INDEX lobby_request_pending_since ON lobby_request (requested_at) WHERE status = 'PENDING';

CREATE TABLE lobby_event (
    id             bigserial   PRIMARY KEY,
    appointment_id uuid        NOT NULL REFERENCES appointment (id),
    type           text        NOT NULL,
    payload        jsonb       NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lobby_event_appointment ON lobby_event (appointment_id, id);

-- No foreign key on appointment_id: a denied attempt on an id that does not exist is audited too.
CREATE TABLE audit_log (
    id             bigserial   PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    actor_id       text        NOT NULL,
    actor_role     text        NOT NULL,
    appointment_id uuid,
    action         text        NOT NULL,
    outcome        text        NOT NULL CHECK (outcome IN ('GRANTED', 'DENIED')),
    reason         text,
    client_address text
);
CREATE INDEX audit_log_appointment ON audit_log (appointment_id, id);

-- The audit log is append-only: the database itself refuses to change or remove a row.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
