package org.televisit.waitingroom;

import java.time.Instant;

/** A party in the waiting room: its role and id, its name as its token gave it, and since when it has been there. */
public record Waiting(String role, String userId, String name, Instant since) {
}
