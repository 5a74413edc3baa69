package org.televisit.meeting;

import java.time.Instant;
import org.televisit.appointment.Appointment;

/**
 * The span in which an appointment's parties may enter: [opensAt, closesAt). It closes
 * {@code closesAfter} after the start, or at the appointment's end if that is later, so a long
 * consultation can always be rejoined while it lasts.
 */
public record JoinWindow(Instant opensAt, Instant closesAt) {

    public static JoinWindow of(Appointment appointment, JoinProperties join) {
        Instant closes = appointment.startsAt().plus(join.closesAfter());
        return new JoinWindow(appointment.startsAt().minus(join.opensBefore()),
                closes.isAfter(appointment.endsAt()) ? closes : appointment.endsAt());
    }

    boolean notYetOpen(Instant now) {
        return now.isBefore(opensAt);
    }

    boolean closed(Instant now) {
        return !now.isBefore(closesAt);
    }
}
