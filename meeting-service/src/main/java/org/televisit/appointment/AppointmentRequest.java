package org.televisit.appointment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.televisit.web.FreeText;

/** The body of {@code POST /api/appointments}. Party ids are the users' token {@code sub}s. */
public record AppointmentRequest(
        @NotBlank @FreeText(max = MAX_ID_LENGTH) String doctorId,
        @NotBlank @FreeText(max = MAX_ID_LENGTH) String patientId,
        @Size(min = 1) @FreeText(max = MAX_ID_LENGTH) String agencyId,
        @NotNull Instant startsAt,
        @NotNull @Min(5) @Max(480) Integer durationMinutes,
        @NotNull AppointmentType type) {

    /** Party ids are token subjects: a line of text, no longer than a subject may be. */
    static final int MAX_ID_LENGTH = 200;
}
