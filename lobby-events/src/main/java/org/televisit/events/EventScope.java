package org.televisit.events;

import java.util.UUID;

/** Which events a subscriber follows: one appointment's, or those of every appointment a user is a party to. */
public sealed interface EventScope {

    boolean matches(StoredEvent event);

    static EventScope appointment(UUID appointmentId) {
        return new Appointment(appointmentId);
    }

    /** The events whose audience holds {@code userId}, an audience name exactly as the events' writer put it there. */
    static EventScope party(String userId) {
        return new Party(userId);
    }

    record Appointment(UUID appointmentId) implements EventScope {
        @Override
        public boolean matches(StoredEvent event) {
            return event.event().appointmentId().equals(appointmentId);
        }
    }

    record Party(String userId) implements EventScope {
        @Override
        public boolean matches(StoredEvent event) {
            return event.audience().contains(userId);
        }
    }
}
