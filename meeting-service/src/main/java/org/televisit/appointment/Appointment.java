package org.televisit.appointment;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A booked consultation between a doctor and a patient, sometimes with a care agency.
 * Party ids are the {@code sub} of each party's user token. {@code version} increases with
 * every change and guards against lost updates.
 */
public record Appointment(
        UUID id,
        String doctorId,
        String patientId,
        String agencyId,
        Instant startsAt,
        int durationMinutes,
        AppointmentType type,
        AppointmentStatus status,
        long version) {

    public boolean isParty(String userId) {
        return userId.equals(doctorId) || userId.equals(patientId) || userId.equals(agencyId);
    }

    public Instant endsAt() {
        return startsAt.plus(Duration.ofMinutes(durationMinutes));
    }
}
