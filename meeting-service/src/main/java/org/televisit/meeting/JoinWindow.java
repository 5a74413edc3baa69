package org.televisit.meeting;

import java.time.Instant;
import org.televisit.appointment.Appointment;

/** The span in which an appointment's parties may enter: [opensAt, closesAt). */
record JoinWindow(Instant opensAt, Instant closesAt) {

    static JoinWindow of(Appointment appointment, JoinProperties join) {
        return new JoinWindow(appointment.startsAt().minus(join.opensBefore()), appointment.startsAt().plus(join.closesAfter()));
    }

    boolean notYetOpen(Instant now) {
        return now.isBefore(opensAt);
    }

    boolean closed(Instant now) {
        return !now.isBefore(closesAt);
    }
}
