package org.televisit.audit;

import java.time.Instant;
import java.util.UUID;

/** One row of the append-only audit log: who asked to do what to which appointment, and the answer. */
public record AuditEntry(
        long id,
        Instant at,
        String actorId,
        String actorRole,
        UUID appointmentId,
        String action,
        AuditOutcome outcome,
        String reason,
        String clientAddress) {
}
