-- Events of the kinds this release adds (PARTICIPANT_WAITING/GONE/JOINED/LEFT, APPOINTMENT_NO_SHOW)
-- are kept apart from lobby_event. During a rolling update the previous release reads lobby_event
-- and must be able to parse every row of it: a type it does not know would stop its event bus at
-- that row. This release reads both tables as one log: the rows share lobby_event's id sequence,
-- its NOTIFY and its writers' advisory lock, so ids still follow commit order across both.
CREATE TABLE presence_event (
    id             bigint      PRIMARY KEY DEFAULT nextval('lobby_event_id_seq'),
    appointment_id uuid        NOT NULL REFERENCES appointment (id),
    type           text        NOT NULL,
    payload        jsonb       NOT NULL,
    recipients     text[]      NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX presence_event_appointment ON presence_event (appointment_id, id);
CREATE INDEX presence_event_recipients ON presence_event USING gin (recipients);
CREATE TRIGGER presence_event_notify AFTER INSERT ON presence_event FOR EACH ROW EXECUTE FUNCTION lobby_event_notify();
