-- The event bus (lobby-events module): who each event concerns, and the NOTIFY that wakes
-- every instance's listener. Postgres delivers a NOTIFY only when the inserting transaction
-- commits, so listeners never see an uncommitted event.
ALTER TABLE lobby_event ADD COLUMN audience text[] NOT NULL DEFAULT '{}';
CREATE INDEX lobby_event_audience ON lobby_event USING gin (audience);

CREATE FUNCTION lobby_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('lobby_event', NEW.id::text);
    RETURN NEW;
END
$$;
CREATE TRIGGER lobby_event_notify AFTER INSERT ON lobby_event
    FOR EACH ROW EXECUTE FUNCTION lobby_event_notify();
