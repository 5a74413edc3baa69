package org.televisit.lobby;

import java.time.Instant;
import java.util.UUID;

/** One knock: who asked to join which appointment, and what became of it. */
public record LobbyRequest(
        UUID id,
        UUID appointmentId,
        String requesterId,
        String requesterName,
        LobbyStatus status,
        String reason,
        Instant requestedAt,
        Instant decidedAt,
        String decidedBy,
        long version) {
}
