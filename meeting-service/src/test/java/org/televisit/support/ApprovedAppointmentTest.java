package org.televisit.support;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.televisit.security.Role;

/** API tests about one approved VIDEO appointment with a doctor, a patient and an agency of its own. */
public abstract class ApprovedAppointmentTest extends ApiTest {

    protected String doctor;
    protected String patient;
    protected String agency;
    protected UUID appointment;
    protected Instant startsAt;

    @BeforeEach
    void approvedVideoAppointmentWithThreeParties() {
        doctor = Tokens.newId(Role.DOCTOR);
        patient = Tokens.newId(Role.PATIENT);
        agency = Tokens.newId(Role.AGENCY);
        appointment = book(doctor, patient, agency);
        startsAt = approve(doctor, appointment);
    }
}
