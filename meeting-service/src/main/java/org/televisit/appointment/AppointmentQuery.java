package org.televisit.appointment;

import java.time.Instant;

/** A filter and page over "my appointments": start time in [from, to), a status, page and size. */
public record AppointmentQuery(Instant from, Instant to, AppointmentStatus status, int page, int size) {
}
