package org.televisit.audit;

import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.televisit.security.Actor;
import org.televisit.web.Reason;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes and reads the audit log. A granted action's row is written in the transaction of
 * the change it permits (callers compose it there); a denial's row is written on its own, so
 * it survives the rollback of whatever was refused. Rows are never changed: the database
 * rejects UPDATE, DELETE and TRUNCATE on the table.
 */
@Component
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final DatabaseClient db;
    private final Clock clock;

    AuditLog(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Mono<Void> granted(Actor actor, UUID appointmentId, Enum<?> action) {
        return write(actor, appointmentId, action, AuditOutcome.GRANTED, null);
    }

    public Mono<Void> denied(Actor actor, UUID appointmentId, Enum<?> action, Reason reason) {
        return write(actor, appointmentId, action, AuditOutcome.DENIED, reason.name());
    }

    /** A decision Televisit made by itself (a knock expiring), recorded with actor {@code televisit}, role SYSTEM. */
    public Mono<Void> system(UUID appointmentId, Enum<?> action, String reason) {
        return insert("televisit", "SYSTEM", null, appointmentId, action, AuditOutcome.GRANTED, reason);
    }

    /**
     * A decision about a call from a video service's webhook, recorded with the sender as actor
     * ({@code jaas}, {@code prosody}), role WEBHOOK, and the address it came from; {@code appointmentId}
     * is null when the call named no known appointment.
     */
    public Mono<Void> webhook(String sender, String clientAddress, UUID appointmentId, Enum<?> action, AuditOutcome outcome,
            String reason) {
        return insert(sender, "WEBHOOK", clientAddress, appointmentId, action, outcome, reason);
    }

    /** The trail of one appointment in the order it was written, {@code limit} rows after row {@code afterId}. */
    public Flux<AuditEntry> forAppointment(UUID appointmentId, long afterId, int limit) {
        return db.sql("""
                        SELECT * FROM audit_log WHERE appointment_id = :appointment AND id > :after
                        ORDER BY id LIMIT :limit""")
                .bind("appointment", appointmentId)
                .bind("after", afterId)
                .bind("limit", limit)
                .map(AuditLog::entry)
                .all();
    }

    private Mono<Void> write(Actor actor, UUID appointmentId, Enum<?> action, AuditOutcome outcome, String reason) {
        return insert(actor.id(), actor.role().name(), actor.clientAddress(), appointmentId, action, outcome, reason);
    }

    private Mono<Void> insert(String actorId, String role, String address, UUID appointmentId, Enum<?> action,
            AuditOutcome outcome, String reason) {
        var spec = db.sql("""
                        INSERT INTO audit_log (at, actor_id, actor_role, appointment_id, action, outcome, reason, client_address)
                        VALUES (:at, :actor, :role, :appointment, :action, :outcome, :reason, :address)""")
                .bind("at", Instant.now(clock))
                .bind("actor", actorId)
                .bind("role", role)
                .bind("action", action.name())
                .bind("outcome", outcome.name());
        spec = appointmentId == null ? spec.bindNull("appointment", UUID.class) : spec.bind("appointment", appointmentId);
        spec = reason == null ? spec.bindNull("reason", String.class) : spec.bind("reason", reason);
        spec = address == null ? spec.bindNull("address", String.class) : spec.bind("address", address);
        // The log line says what was decided, never who by name: ids of people stay in the table.
        // handle() runs with the request's thread locals restored, so the line carries its request id.
        return spec.fetch().rowsUpdated().handle((written, sink) -> {
            log.info("access {} {} by {}{}{}", action.name(), outcome.name(), role,
                    appointmentId == null ? "" : " appointment=" + appointmentId, reason == null ? "" : " reason=" + reason);
            sink.complete();
        }).then();
    }

    private static AuditEntry entry(Readable row) {
        return new AuditEntry(
                row.get("id", Long.class),
                row.get("at", Instant.class),
                row.get("actor_id", String.class),
                row.get("actor_role", String.class),
                row.get("appointment_id", UUID.class),
                row.get("action", String.class),
                AuditOutcome.valueOf(row.get("outcome", String.class)),
                row.get("reason", String.class),
                row.get("client_address", String.class));
    }
}
