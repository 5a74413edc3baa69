package org.televisit.appointment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.televisit.security.User;
import org.televisit.web.FreeText;

/** The body of {@code POST /api/appointments}. Party ids are the users' token {@code sub}s, held to the same rule. */
public record AppointmentRequest(
        @NotBlank @FreeText(max = User.MAX_ID_LENGTH, kind = FreeText.Kind.ID) String doctorId,
        @NotBlank @FreeText(max = User.MAX_ID_LENGTH, kind = FreeText.Kind.ID) String patientId,
        @Size(min = 1) @FreeText(max = User.MAX_ID_LENGTH, kind = FreeText.Kind.ID) String agencyId,
        @NotNull Instant startsAt,
        @NotNull @Min(5) @Max(480) Integer durationMinutes,
        @NotNull AppointmentType type,
        @Size(min = 1) @FreeText(max = User.MAX_NAME_LENGTH) String doctorName) {
}
