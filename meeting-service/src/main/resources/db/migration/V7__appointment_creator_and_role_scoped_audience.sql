-- Who booked each appointment, as role and sub together: a scheduler reads and cancels the
-- appointments it booked, and no others (README, "Who may see what").
ALTER TABLE appointment
    ADD COLUMN created_by      text CHECK (length(created_by) BETWEEN 1 AND 200),
    ADD COLUMN created_by_role text CHECK (created_by_role IN ('DOCTOR', 'PATIENT', 'AGENCY', 'SCHEDULER', 'ADMIN')),
    ADD CONSTRAINT appointment_created_by_whole CHECK ((created_by IS NULL) = (created_by_role IS NULL));

-- Appointments booked before this migration: the granted CREATE in the audit log names the booker.
-- One with no such row keeps NULL: no scheduler reads it; its parties and admins still do.
UPDATE appointment a
SET created_by = l.actor_id, created_by_role = l.actor_role
FROM (SELECT DISTINCT ON (appointment_id) appointment_id, actor_id, actor_role
      FROM audit_log
      WHERE action = 'CREATE' AND outcome = 'GRANTED' AND appointment_id IS NOT NULL
        AND actor_role IN ('DOCTOR', 'PATIENT', 'AGENCY', 'SCHEDULER', 'ADMIN')
        AND length(actor_id) BETWEEN 1 AND 200
      ORDER BY appointment_id, id) l
WHERE l.appointment_id = a.id;

-- While instances of the previous release still run (a rolling update, or a rollback), they book
-- without naming the booker; their granted CREATE in the audit log names it, and this trigger copies
-- it over, so that no appointment booked in that window stays without one. A later release drops it.
CREATE FUNCTION appointment_booker_from_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE appointment SET created_by = NEW.actor_id, created_by_role = NEW.actor_role
    WHERE id = NEW.appointment_id AND created_by IS NULL
      AND NEW.actor_role IN ('DOCTOR', 'PATIENT', 'AGENCY', 'SCHEDULER', 'ADMIN')
      AND length(NEW.actor_id) BETWEEN 1 AND 200;
    RETURN NULL;
END
$$;
CREATE TRIGGER appointment_booker_from_audit AFTER INSERT ON audit_log FOR EACH ROW
    WHEN (NEW.action = 'CREATE' AND NEW.outcome = 'GRANTED' AND NEW.appointment_id IS NOT NULL)
    EXECUTE FUNCTION appointment_booker_from_audit();

-- A scheduler's "my appointments" looks up what it booked by time.
CREATE INDEX appointment_created_by_starts ON appointment (created_by, starts_at) WHERE created_by IS NOT NULL;

-- An event's recipients name each party by role and sub together ('DOCTOR:dr-alice'), so a user's
-- own stream (/api/me/events) does not hear a party's events through a token with the party's sub
-- in another role. They go in a column of their own: `audience` keeps the plain subs the previous
-- release reads, so that during a rolling update instances of both releases hear every event,
-- whichever wrote it. The trigger below fills whichever of the two the writer left out. A later
-- release drops `audience` and the trigger, once no instance of the previous release runs.
ALTER TABLE lobby_event ADD COLUMN recipients text[];
UPDATE lobby_event e
SET recipients = ARRAY['DOCTOR:' || a.doctor_id, 'PATIENT:' || a.patient_id]
                 || CASE WHEN a.agency_id IS NULL THEN ARRAY[]::text[] ELSE ARRAY['AGENCY:' || a.agency_id] END
FROM appointment a
WHERE a.id = e.appointment_id;
UPDATE lobby_event SET recipients = '{}' WHERE recipients IS NULL;

CREATE FUNCTION lobby_event_recipients() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.recipients IS NULL THEN
        -- Written by the previous release: each plain sub becomes the parties it is, in their roles.
        SELECT coalesce(array_agg(DISTINCT party), '{}') INTO NEW.recipients
        FROM appointment a, unnest(NEW.audience) AS sub,
             LATERAL unnest(ARRAY[CASE WHEN sub = a.doctor_id THEN 'DOCTOR:' || sub END,
                                  CASE WHEN sub = a.patient_id THEN 'PATIENT:' || sub END,
                                  CASE WHEN sub = a.agency_id THEN 'AGENCY:' || sub END]) AS party
        WHERE a.id = NEW.appointment_id AND party IS NOT NULL;
    ELSIF cardinality(NEW.audience) = 0 THEN
        -- Written by this release: the previous release's readers get the plain subs (a role name holds no colon).
        NEW.audience := ARRAY(SELECT DISTINCT substr(party, position(':' IN party) + 1) FROM unnest(NEW.recipients) AS party);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER lobby_event_recipients BEFORE INSERT ON lobby_event FOR EACH ROW EXECUTE FUNCTION lobby_event_recipients();

ALTER TABLE lobby_event ALTER COLUMN recipients SET NOT NULL;
CREATE INDEX lobby_event_recipients ON lobby_event USING gin (recipients);
