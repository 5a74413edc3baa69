-- Who is in an appointment's waiting room: a party other than the doctor with the appointment's
-- event stream open. Shared by every instance; each stream is a lease its instance renews.

-- One row per open (or just closed) stream. The instance holding it pushes expires_at forward
-- while it is open; a closed stream keeps its row for the grace period, so a reconnect within it
-- finds the party still present. An instance that dies stops renewing, and its rows lapse.
-- Times are the database's, so the instances' clocks need not agree.
CREATE TABLE waiting_stream (
    id             uuid        PRIMARY KEY,
    appointment_id uuid        NOT NULL REFERENCES appointment (id) ON DELETE CASCADE,
    role           text        NOT NULL,
    user_id        text        NOT NULL,
    instance_id    uuid        NOT NULL,
    closed         boolean     NOT NULL DEFAULT false,
    expires_at     timestamptz NOT NULL
);
CREATE INDEX waiting_stream_party ON waiting_stream (appointment_id, role, user_id, expires_at);
CREATE INDEX waiting_stream_expires ON waiting_stream (expires_at);

-- One row per party present now. Its insert (absent -> present) and its delete (present -> absent)
-- each happen once, in the transaction that publishes PARTICIPANT_WAITING or PARTICIPANT_GONE.
CREATE TABLE waiting_party (
    appointment_id uuid        NOT NULL REFERENCES appointment (id) ON DELETE CASCADE,
    role           text        NOT NULL,
    user_id        text        NOT NULL,
    name           text        NOT NULL,
    since          timestamptz NOT NULL,
    PRIMARY KEY (appointment_id, role, user_id)
);
