package org.televisit.attendance;

import java.time.Instant;
import java.util.UUID;
import org.televisit.security.Identity;

/**
 * One reported change of a party's presence in an appointment's call: who (role and id together),
 * the name it showed, joined or left, who reported it ({@code jitsi} or {@code client}) and when
 * it happened by the reporter's own clock.
 */
record PresenceChange(UUID appointmentId, Identity party, String name, Change change, String source, Instant at) {

    static final String JITSI = "jitsi";
    static final String CLIENT = "client";

    enum Change {
        JOINED, LEFT
    }
}
