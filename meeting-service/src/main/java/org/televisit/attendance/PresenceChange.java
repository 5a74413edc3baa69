package org.televisit.attendance;

import java.time.Instant;
import java.util.UUID;
import org.televisit.security.Identity;

/**
 * One reported change of a party's presence in an appointment's call: who (role and id together),
 * the name it showed, joined or left, who reported it ({@code jitsi} or {@code client}) and when
 * it happened by the reporter's own clock, and through which of the party's connections ({@code
 * connection}: a digest of the video service's connection id, or '' when none is known).
 */
record PresenceChange(UUID appointmentId, Identity party, String name, Change change, String source, Instant at, String connection) {

    static final String JITSI = "jitsi";
    static final String CLIENT = "client";

    enum Change {
        JOINED, LEFT
    }
}
