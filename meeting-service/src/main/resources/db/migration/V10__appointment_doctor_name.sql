-- The doctor's display name, so the patient's and agency's waiting room can say whom they wait for.
-- User names live in the identity provider's tokens, not here: the name is taken from the booking
-- (optional `doctorName`) or from the doctor's own token when it books or approves; NULL until then.
ALTER TABLE appointment ADD COLUMN doctor_name text CHECK (length(doctor_name) BETWEEN 1 AND 200);
