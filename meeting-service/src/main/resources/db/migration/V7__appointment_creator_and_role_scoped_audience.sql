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

-- A scheduler's "my appointments" looks up what it booked by time.
CREATE INDEX appointment_created_by_starts ON appointment (created_by, starts_at) WHERE created_by IS NOT NULL;

-- An event's audience names each party by role and sub together ('DOCTOR:dr-alice'), so a user's
-- own stream (/api/me/events) does not hear a party's events through a token with the party's sub
-- in another role. Events written before this migration are renamed the same way.
UPDATE lobby_event e
SET audience = ARRAY['DOCTOR:' || a.doctor_id, 'PATIENT:' || a.patient_id]
               || CASE WHEN a.agency_id IS NULL THEN ARRAY[]::text[] ELSE ARRAY['AGENCY:' || a.agency_id] END
FROM appointment a
WHERE a.id = e.appointment_id;
