package org.televisit.appointment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The body of {@code POST /api/appointments}. Party ids are the users' token {@code sub}s. */
public record AppointmentRequest(
        @NotBlank @Size(max = 200) @Pattern(regexp = ID, message = "must not contain control characters") String doctorId,
        @NotBlank @Size(max = 200) @Pattern(regexp = ID, message = "must not contain control characters") String patientId,
        @Size(min = 1, max = 200) @Pattern(regexp = ID, message = "must not contain control characters") String agencyId,
        @NotNull Instant startsAt,
        @NotNull @Min(5) @Max(480) Integer durationMinutes,
        @NotNull AppointmentType type) {

    /** Party ids are token subjects: printable text only (PostgreSQL refuses NUL in text). */
    static final String ID = "[^\\p{Cntrl}]*";
}
