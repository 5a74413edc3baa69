package org.televisit.lobby;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Lobby request rows. Every decision is one UPDATE conditional on the request still being
 * PENDING, so of any number of concurrent deciders exactly one changes the row.
 */
@Repository
class LobbyRepository {

    private final DatabaseClient db;

    LobbyRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Empty when the requester already has a PENDING request for the appointment (a unique index). */
    Mono<LobbyRequest> insertPending(UUID appointmentId, String requesterId, String requesterName, Instant at) {
        return db.sql("""
                        INSERT INTO lobby_request (id, appointment_id, requester_id, requester_name, status, requested_at)
                        VALUES (:id, :appointment, :requester, :name, 'PENDING', :at)
                        ON CONFLICT (appointment_id, requester_id) WHERE status = 'PENDING' DO NOTHING
                        RETURNING *""")
                .bind("id", UUID.randomUUID())
                .bind("appointment", appointmentId)
                .bind("requester", requesterId)
                .bind("name", requesterName)
                .bind("at", at)
                .map(LobbyRepository::request)
                .one();
    }

    Mono<LobbyRequest> find(UUID appointmentId, UUID requestId) {
        return db.sql("SELECT * FROM lobby_request WHERE id = :id AND appointment_id = :appointment")
                .bind("id", requestId)
                .bind("appointment", appointmentId)
                .map(LobbyRepository::request)
                .one();
    }

    /** The requester's most recent request for the appointment. */
    Mono<LobbyRequest> latest(UUID appointmentId, String requesterId) {
        return db.sql("""
                        SELECT * FROM lobby_request WHERE appointment_id = :appointment AND requester_id = :requester
                        ORDER BY seq DESC LIMIT 1""")
                .bind("appointment", appointmentId)
                .bind("requester", requesterId)
                .map(LobbyRepository::request)
                .one();
    }

    Mono<Long> countKnocks(UUID appointmentId, String requesterId) {
        return db.sql("SELECT count(*) AS n FROM lobby_request WHERE appointment_id = :appointment AND requester_id = :requester")
                .bind("appointment", appointmentId)
                .bind("requester", requesterId)
                .map(row -> row.get("n", Long.class))
                .one();
    }

    Flux<LobbyRequest> list(UUID appointmentId, String requesterId, LobbyStatus status) {
        StringBuilder sql = new StringBuilder("SELECT * FROM lobby_request WHERE appointment_id = :appointment");
        if (requesterId != null) {
            sql.append(" AND requester_id = :requester");
        }
        if (status != null) {
            sql.append(" AND status = :status");
        }
        sql.append(" ORDER BY seq LIMIT 500");
        var spec = db.sql(sql.toString()).bind("appointment", appointmentId);
        if (requesterId != null) {
            spec = spec.bind("requester", requesterId);
        }
        if (status != null) {
            spec = spec.bind("status", status.name());
        }
        return spec.map(LobbyRepository::request).all();
    }

    /** Empty unless the request was PENDING: the single winner of a race gets the row back. */
    Mono<LobbyRequest> decide(UUID appointmentId, UUID requestId, LobbyStatus outcome, String reason, String decidedBy, Instant at) {
        var spec = db.sql("""
                        UPDATE lobby_request
                        SET status = :status, reason = :reason, decided_at = :at, decided_by = :by, version = version + 1
                        WHERE id = :id AND appointment_id = :appointment AND status = 'PENDING'
                        RETURNING *""")
                .bind("status", outcome.name())
                .bind("at", at)
                .bind("by", decidedBy)
                .bind("id", requestId)
                .bind("appointment", appointmentId);
        spec = reason == null ? spec.bindNull("reason", String.class) : spec.bind("reason", reason);
        return spec.map(LobbyRepository::request).one();
    }

    /** Closes every PENDING request of the appointment; returns those it closed. */
    Flux<LobbyRequest> closeAllPending(UUID appointmentId, LobbyStatus outcome, Instant at) {
        return db.sql("""
                        UPDATE lobby_request SET status = :status, decided_at = :at, version = version + 1
                        WHERE appointment_id = :appointment AND status = 'PENDING'
                        RETURNING *""")
                .bind("status", outcome.name())
                .bind("at", at)
                .bind("appointment", appointmentId)
                .map(LobbyRepository::request)
                .all();
    }

    /** Expires PENDING requests made before {@code cutoff}, at most a batch at a time; returns those expired. */
    Flux<LobbyRequest> expireBefore(Instant cutoff, Instant at) {
        return db.sql("""
                        UPDATE lobby_request SET status = 'EXPIRED', decided_at = :at, version = version + 1
                        WHERE id IN (SELECT id FROM lobby_request WHERE status = 'PENDING' AND requested_at <= :cutoff
                                     ORDER BY requested_at LIMIT 200 FOR UPDATE SKIP LOCKED)
                        RETURNING *""")
                .bind("cutoff", cutoff)
                .bind("at", at)
                .map(LobbyRepository::request)
                .all();
    }

    private static LobbyRequest request(Readable row) {
        return new LobbyRequest(
                row.get("id", UUID.class),
                row.get("appointment_id", UUID.class),
                row.get("requester_id", String.class),
                row.get("requester_name", String.class),
                LobbyStatus.valueOf(row.get("status", String.class)),
                row.get("reason", String.class),
                row.get("requested_at", Instant.class),
                row.get("decided_at", Instant.class),
                row.get("decided_by", String.class),
                row.get("version", Long.class));
    }
}
