package org.televisit.appointment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.televisit.security.Identity;
import org.televisit.security.Role;

/**
 * A booked consultation between a doctor and a patient, sometimes with a care agency.
 * Party ids are the {@code sub} of each party's user token, each in its own role: the doctor is
 * the DOCTOR whose sub is {@code doctorId}, the patient the PATIENT whose sub is {@code patientId},
 * the agency the AGENCY whose sub is {@code agencyId}. {@code createdBy} is who booked it (null for
 * appointments booked before that was recorded); it is never part of an answer. {@code version}
 * increases with every change and guards against lost updates. {@code noShow} is true once the
 * join window closed without the patient ever joining the call. {@code doctorName} is the doctor's
 * display name as the booking or the doctor's own token gave it, or null while unknown.
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
        long version,
        @JsonIgnore Identity createdBy,
        boolean noShow,
        String doctorName) {

    /** An appointment not (or not yet) marked as a no-show. */
    public Appointment(UUID id, String doctorId, String patientId, String agencyId, Instant startsAt, int durationMinutes,
            AppointmentType type, AppointmentStatus status, long version, Identity createdBy) {
        this(id, doctorId, patientId, agencyId, startsAt, durationMinutes, type, status, version, createdBy, false, null);
    }

    /** The parties, each as the role and id its token must carry: doctor, patient, and the agency if there is one. */
    @JsonIgnore
    public List<Identity> parties() {
        List<Identity> parties = new ArrayList<>(3);
        parties.add(new Identity(Role.DOCTOR, doctorId));
        parties.add(new Identity(Role.PATIENT, patientId));
        if (agencyId != null) {
            parties.add(new Identity(Role.AGENCY, agencyId));
        }
        return parties;
    }

    public Instant endsAt() {
        return startsAt.plus(Duration.ofMinutes(durationMinutes));
    }
}
