package org.televisit.appointment;

import java.util.List;

/** One page of appointments; {@code hasMore} says whether the next page has any. */
public record AppointmentPage(List<Appointment> items, int page, int size, boolean hasMore) {
}
