-- Who is in an appointment's call, from Jitsi's webhooks (JaaS, Prosody) and from the parties' own pages.

-- Webhook deliveries already applied, by their sender's key (JaaS: the payload's idempotencyKey;
-- Prosody sends none, so a digest of what identifies the event). A delivery inserts its key in the
-- transaction of its effect, so of two concurrent copies exactly one has one. Keys are forgotten
-- after a retention period (the sweep deletes them): a sender's retries come within minutes.
CREATE TABLE webhook_delivery (
    sender          text        NOT NULL CHECK (sender IN ('jaas', 'prosody')),
    idempotency_key text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    received_at     timestamptz NOT NULL,
    PRIMARY KEY (sender, idempotency_key)
);
CREATE INDEX webhook_delivery_received ON webhook_delivery (received_at);

-- Every reported change of a party's presence in the call, never the payload it came in (no e-mail,
-- no Jitsi ids). `at` is the event's own time (the sender's timestamp), which decides the order:
-- deliveries may arrive out of order. A party is its role and user id together.
CREATE TABLE call_presence (
    id             bigserial   PRIMARY KEY,
    appointment_id uuid        NOT NULL REFERENCES appointment (id),
    role           text        NOT NULL CHECK (role IN ('DOCTOR', 'PATIENT', 'AGENCY')),
    user_id        text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 200),
    name           text        NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    change         text        NOT NULL CHECK (change IN ('JOINED', 'LEFT')),
    source         text        NOT NULL CHECK (source IN ('jitsi', 'client')),
    at             timestamptz NOT NULL,
    recorded_at    timestamptz NOT NULL
);
CREATE INDEX call_presence_party ON call_presence (appointment_id, role, user_id, at, id);

-- Whether the patient never came: NULL until decided once the join window has closed, then true
-- (no-show) or false. Appointments that had started before this release are decided as not
-- no-show: nothing recorded their presence.
ALTER TABLE appointment ADD COLUMN no_show boolean;
UPDATE appointment SET no_show = false WHERE starts_at < now();
CREATE INDEX appointment_no_show_undecided ON appointment (starts_at) WHERE no_show IS NULL;
