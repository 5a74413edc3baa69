-- The lobby_event table as meeting-service's Flyway migrations (V1, V2, V7, V11) leave it, minus the
-- foreign key to appointment and V7's trigger for the previous release's writers, which these
-- tests have no use for.
CREATE TABLE lobby_event (
    id             bigserial   PRIMARY KEY,
    appointment_id uuid        NOT NULL,
    type           text        NOT NULL,
    payload        jsonb       NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    audience       text[]      NOT NULL DEFAULT '{}',
    recipients     text[]      NOT NULL
);
CREATE INDEX lobby_event_appointment ON lobby_event (appointment_id, id);
CREATE INDEX lobby_event_recipients ON lobby_event USING gin (recipients);
CREATE FUNCTION lobby_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('lobby_event', NEW.id::text);
    RETURN NEW;
END
$$;
CREATE TRIGGER lobby_event_notify AFTER INSERT ON lobby_event FOR EACH ROW EXECUTE FUNCTION lobby_event_notify();
-- V11: the event kinds the previous release cannot read, apart, on the same sequence and NOTIFY.
CREATE TABLE presence_event (
    id             bigint      PRIMARY KEY DEFAULT nextval('lobby_event_id_seq'),
    appointment_id uuid        NOT NULL,
    type           text        NOT NULL,
    payload        jsonb       NOT NULL,
    recipients     text[]      NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX presence_event_appointment ON presence_event (appointment_id, id);
CREATE INDEX presence_event_recipients ON presence_event USING gin (recipients);
CREATE TRIGGER presence_event_notify AFTER INSERT ON presence_event FOR EACH ROW EXECUTE FUNCTION lobby_event_notify();
