package org.televisit.attendance;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.televisit.appointment.Appointment;
import org.televisit.appointment.AppointmentRepository;
import org.televisit.security.Identity;
import org.televisit.security.Role;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The call's presence log, the webhook delivery keys and the no-show decision, over R2DBC. */
@Repository
class CallPresenceRepository {

    /** One connection's latest change by event time. */
    record Latest(PresenceChange.Change change, Instant at) {
    }

    /**
     * A party's state before a change: each of its connections' latest change by event time (none
     * yet: empty) and its first join (null: never). It is in the call while any connection is.
     */
    record PartyState(Map<String, Latest> connections, Instant firstJoinedAt) {

        boolean inCall() {
            return inCall(connections);
        }

        static boolean inCall(Map<String, Latest> connections) {
            return connections.values().stream().anyMatch(latest -> latest.change() == PresenceChange.Change.JOINED);
        }
    }

    /** The meeting's times, either of them null until it happened. */
    record MeetingTimes(Instant startedAt, Instant endedAt) {
    }

    /** An appointment whose no-show was just decided. */
    record Decided(Appointment appointment, boolean noShow) {
    }

    private final DatabaseClient db;

    CallPresenceRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Holds the party's lock until the current transaction ends: one change of a party is decided at a time, on any instance. */
    Mono<Void> lock(UUID appointmentId, Identity party) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .bind("key", "call_presence:" + appointmentId + ":" + party.key())
                .map(row -> Boolean.TRUE).one().then();
    }

    Mono<PartyState> state(UUID appointmentId, Identity party) {
        return db.sql("""
                        SELECT l.connection, l.change, l.at,
                               (SELECT min(at) FROM call_presence
                                WHERE appointment_id = :id AND role = :role AND user_id = :user AND change = 'JOINED') AS first_joined
                        FROM (SELECT 1) one
                        LEFT JOIN LATERAL (SELECT DISTINCT ON (connection) connection, change, at FROM call_presence
                                           WHERE appointment_id = :id AND role = :role AND user_id = :user
                                           ORDER BY connection, at DESC, id DESC) l ON true""")
                .bind("id", appointmentId)
                .bind("role", party.role().name())
                .bind("user", party.id())
                .map(row -> {
                    String change = row.get("change", String.class);
                    // One row per connection; a party with none yet gives one row without a connection.
                    return new PartyState(change == null ? Map.of() : Map.of(row.get("connection", String.class),
                            new Latest(PresenceChange.Change.valueOf(change), row.get("at", Instant.class))),
                            row.get("first_joined", Instant.class));
                })
                .all()
                .reduce((a, b) -> {
                    Map<String, Latest> connections = new HashMap<>(a.connections());
                    connections.putAll(b.connections());
                    return new PartyState(connections, a.firstJoinedAt());
                });
    }

    Mono<Void> insert(PresenceChange change, Instant recordedAt) {
        return db.sql("""
                        INSERT INTO call_presence (appointment_id, role, user_id, name, change, source, at, recorded_at, connection)
                        VALUES (:id, :role, :user, :name, :change, :source, :at, :recorded, :connection)""")
                .bind("id", change.appointmentId())
                .bind("role", change.party().role().name())
                .bind("user", change.party().id())
                .bind("name", change.name())
                .bind("change", change.change().name())
                .bind("source", change.source())
                .bind("at", change.at())
                .bind("recorded", recordedAt)
                .bind("connection", change.connection())
                .fetch().rowsUpdated().then();
    }

    /** The appointment's log in event order (ties in the order recorded). */
    Flux<PresenceChange> log(UUID appointmentId) {
        return db.sql("SELECT * FROM call_presence WHERE appointment_id = :id ORDER BY at, id")
                .bind("id", appointmentId)
                .map(CallPresenceRepository::change)
                .all();
    }

    /** The parties' connections whose latest change is a join, each with that change. */
    Flux<PresenceChange> inCall(UUID appointmentId) {
        return db.sql("""
                        SELECT * FROM (SELECT DISTINCT ON (role, user_id, connection) * FROM call_presence WHERE appointment_id = :id
                                       ORDER BY role, user_id, connection, at DESC, id DESC) latest
                        WHERE change = 'JOINED'""")
                .bind("id", appointmentId)
                .map(CallPresenceRepository::change)
                .all();
    }

    /** True for the first delivery of this key; false for a copy (the first may still be committing: this waits for it). */
    Mono<Boolean> firstDelivery(String sender, String key, Instant at) {
        return db.sql("""
                        INSERT INTO webhook_delivery (sender, idempotency_key, received_at) VALUES (:sender, :key, :at)
                        ON CONFLICT DO NOTHING RETURNING sender""")
                .bind("sender", sender)
                .bind("key", key)
                .bind("at", at)
                .map(row -> Boolean.TRUE).one()
                .defaultIfEmpty(false);
    }

    Mono<Long> forgetDeliveriesBefore(Instant before) {
        return db.sql("DELETE FROM webhook_delivery WHERE received_at < :before")
                .bind("before", before)
                .fetch().rowsUpdated();
    }

    /** The appointment whose meeting has this room. */
    Mono<Appointment> appointmentOfRoom(String roomName) {
        return db.sql("SELECT a.* FROM meeting m JOIN appointment a ON a.id = m.appointment_id WHERE m.room_name = :room")
                .bind("room", roomName)
                .map(AppointmentRepository::appointment)
                .one();
    }

    Mono<MeetingTimes> meetingTimes(UUID appointmentId) {
        return db.sql("SELECT started_at, ended_at FROM meeting WHERE appointment_id = :id")
                .bind("id", appointmentId)
                .map(row -> new MeetingTimes(row.get("started_at", Instant.class), row.get("ended_at", Instant.class)))
                .one()
                .defaultIfEmpty(new MeetingTimes(null, null));
    }

    /**
     * Decides, once each, the no-show of up to {@code batch} appointments whose join window closed by
     * {@code now}: a no-show is an approved (or completed) video appointment whose doctor started the
     * meeting and whose patient never joined the call, by any source; any other is decided as not a
     * no-show (a patient kept in the waiting room by a doctor who never started did not miss it).
     * Rows another instance is deciding are skipped, and a row is decided only while undecided, so
     * each is decided exactly once. A no-show is a change of the appointment (its version grows);
     * deciding "not a no-show" is not. The rows are locked FOR NO KEY UPDATE, which leaves event
     * writers (whose rows reference the appointment, FOR KEY SHARE) free to insert meanwhile: a
     * stronger lock would deadlock against a writer already holding the event writers' lock.
     */
    Flux<Decided> decideNoShows(Instant now, long closesAfterSeconds, int batch) {
        return db.sql("""
                        WITH due AS (
                            SELECT a.id,
                                   (a.status IN ('APPROVED', 'COMPLETED') AND a.type = 'VIDEO'
                                    AND EXISTS (SELECT 1 FROM meeting m WHERE m.appointment_id = a.id AND m.started_at IS NOT NULL)
                                    AND NOT EXISTS (SELECT 1 FROM call_presence p
                                                    WHERE p.appointment_id = a.id AND p.role = 'PATIENT' AND p.change = 'JOINED')) AS missed
                            FROM appointment a
                            WHERE a.no_show IS NULL
                              AND a.starts_at <= :now - :closesAfter * interval '1 second'
                              AND a.starts_at + a.duration_minutes * interval '1 minute' <= :now
                            ORDER BY a.starts_at
                            LIMIT :batch
                            FOR NO KEY UPDATE OF a SKIP LOCKED)
                        UPDATE appointment a
                        SET no_show = due.missed,
                            version = a.version + CASE WHEN due.missed THEN 1 ELSE 0 END,
                            updated_at = CASE WHEN due.missed THEN now() ELSE a.updated_at END
                        FROM due
                        WHERE a.id = due.id AND a.no_show IS NULL
                        RETURNING a.*""")
                .bind("now", now)
                .bind("closesAfter", closesAfterSeconds)
                .bind("batch", batch)
                .map(row -> new Decided(AppointmentRepository.appointment(row), Boolean.TRUE.equals(row.get("no_show", Boolean.class))))
                .all();
    }

    private static PresenceChange change(Readable row) {
        return new PresenceChange(
                row.get("appointment_id", UUID.class),
                new Identity(Role.valueOf(row.get("role", String.class)), row.get("user_id", String.class)),
                row.get("name", String.class),
                PresenceChange.Change.valueOf(row.get("change", String.class)),
                row.get("source", String.class),
                row.get("at", Instant.class),
                row.get("connection", String.class));
    }
}
