-- Presence in the call per connection: a party may be in the call twice at once (two devices, or a
-- reconnect whose old connection Jitsi times out later). `connection` is a digest of the video
-- service's id for the connection (JaaS participantJid/participantId, Prosody occupant_jid), never
-- the id itself; '' where none is known (the pages' own reports, older rows). A party is in the
-- call while any of its connections is.
ALTER TABLE call_presence ADD COLUMN connection text NOT NULL DEFAULT '' CHECK (length(connection) <= 64);
DROP INDEX call_presence_party;
CREATE INDEX call_presence_party ON call_presence (appointment_id, role, user_id, connection, at, id);
