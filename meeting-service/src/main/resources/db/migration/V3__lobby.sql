-- The name the requester's token gave, shown to the doctor with the knock.
ALTER TABLE lobby_request ADD COLUMN requester_name text NOT NULL DEFAULT '';
-- Knock order that two knocks in the same microsecond cannot tie on ("the latest request" decides admission).
ALTER TABLE lobby_request ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE INDEX lobby_request_requester ON lobby_request (appointment_id, requester_id, seq);

-- One-use tickets that let a browser's EventSource (which cannot send headers) open a stream.
-- Only a hash of the ticket is stored; any instance can redeem it, exactly once.
CREATE TABLE stream_ticket (
    ticket_hash text        PRIMARY KEY,
    user_id     text        NOT NULL,
    role        text        NOT NULL,
    name        text        NOT NULL,
    email       text,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX stream_ticket_expires ON stream_ticket (expires_at);
