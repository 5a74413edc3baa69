package org.televisit.waitingroom;

import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The waiting-room tables (V8). Lease times are the database's ({@code now()}), so instances
 * whose clocks disagree still agree on when a lease lapses. A party's arrival and departure are
 * each decided by its {@code waiting_party} row (an insert that conflicts, a delete that finds
 * nothing, changes nothing); departures also take a transaction-scoped advisory lock on the party
 * (in the two-key space, apart from the event writers' one-key lock), so sweeps on two instances
 * decide about one party one after the other.
 */
@Repository
class PresenceRepository {

    /** The party a row is about: an appointment and a role and user id. */
    record Party(UUID appointmentId, String role, String userId) {
    }

    /** Keeps the advisory locks of presence apart from any other two-key lock ("wait" in ASCII). */
    private static final int LOCK_SPACE = 0x77616974;

    private final DatabaseClient db;

    PresenceRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Serializes every change about {@code party} until the current transaction ends. */
    Mono<Void> lock(Party party) {
        return db.sql("SELECT pg_advisory_xact_lock(:space, hashtext(:key))")
                .bind("space", LOCK_SPACE)
                .bind("key", party.appointmentId() + "/" + party.role() + "/" + party.userId())
                .fetch().rowsUpdated().then();
    }

    /** Records one open stream of {@code party}, leased for {@code lease}. */
    Mono<Void> openStream(UUID streamId, Party party, UUID instanceId, Duration lease) {
        return db.sql("""
                        INSERT INTO waiting_stream (id, appointment_id, role, user_id, instance_id, expires_at)
                        VALUES (:id, :appointment, :role, :user, :instance, now() + make_interval(secs => :lease))
                        ON CONFLICT (id) DO NOTHING""")
                .bind("id", streamId)
                .bind("appointment", party.appointmentId())
                .bind("role", party.role())
                .bind("user", party.userId())
                .bind("instance", instanceId)
                .bind("lease", seconds(lease))
                .fetch().rowsUpdated().then();
    }

    /** The party becomes present, since {@code since}; empty if it already was (then nothing changes). */
    Mono<Waiting> arrive(Party party, String name, Instant since) {
        return db.sql("""
                        INSERT INTO waiting_party (appointment_id, role, user_id, name, since)
                        VALUES (:appointment, :role, :user, :name, :since)
                        ON CONFLICT DO NOTHING
                        RETURNING role, user_id, name, since""")
                .bind("appointment", party.appointmentId())
                .bind("role", party.role())
                .bind("user", party.userId())
                .bind("name", name)
                .bind("since", since)
                .map(PresenceRepository::waitingParty)
                .one();
    }

    /** A closed stream still counts for {@code grace}, and is no longer renewed. */
    Mono<Void> closeStream(UUID streamId, Duration grace) {
        return db.sql("UPDATE waiting_stream SET closed = true, expires_at = now() + make_interval(secs => :grace) WHERE id = :id")
                .bind("id", streamId)
                .bind("grace", seconds(grace))
                .fetch().rowsUpdated().then();
    }

    /**
     * Pushes the lease of this instance's open streams {@code streamIds} forward by {@code lease};
     * the ids it found. A stream not found had lapsed and was forgotten (this instance stalled past its lease).
     */
    Flux<UUID> renew(Collection<UUID> streamIds, Duration lease) {
        return db.sql("""
                        UPDATE waiting_stream SET expires_at = now() + make_interval(secs => :lease)
                        WHERE id = ANY(CAST(:ids AS uuid[])) AND NOT closed
                        RETURNING id""")
                .bind("ids", streamIds.stream().map(UUID::toString).toArray(String[]::new))
                .bind("lease", seconds(lease))
                .map(row -> row.get("id", UUID.class))
                .all();
    }

    /** Forgets streams whose lease or grace has lapsed (their party is then judged by its other streams). */
    Mono<Long> forgetLapsedStreams() {
        return db.sql("DELETE FROM waiting_stream WHERE expires_at < now()").fetch().rowsUpdated();
    }

    /** Present parties none of whose streams holds a live lease: candidates for leaving, each decided under its lock. */
    Flux<Party> withoutLiveStream(int limit) {
        return db.sql("""
                        SELECT p.appointment_id, p.role, p.user_id FROM waiting_party p
                        WHERE NOT EXISTS (SELECT 1 FROM waiting_stream s
                                          WHERE s.appointment_id = p.appointment_id AND s.role = p.role
                                            AND s.user_id = p.user_id AND s.expires_at >= now())
                        LIMIT :limit""")
                .bind("limit", limit)
                .map(row -> new Party(row.get("appointment_id", UUID.class), row.get("role", String.class), row.get("user_id", String.class)))
                .all();
    }

    /**
     * The party leaves if it still has no live stream; empty if it does, or if another instance has
     * already decided (the row is gone). Call under {@link #lock}.
     */
    Mono<Waiting> leave(Party party) {
        return db.sql("""
                        DELETE FROM waiting_party p
                        WHERE p.appointment_id = :appointment AND p.role = :role AND p.user_id = :user
                          AND NOT EXISTS (SELECT 1 FROM waiting_stream s
                                          WHERE s.appointment_id = p.appointment_id AND s.role = p.role
                                            AND s.user_id = p.user_id AND s.expires_at >= now())
                        RETURNING role, user_id, name, since""")
                .bind("appointment", party.appointmentId())
                .bind("role", party.role())
                .bind("user", party.userId())
                .map(PresenceRepository::waitingParty)
                .one();
    }

    /** Who is waiting for one appointment now, longest first. */
    Flux<Waiting> waiting(UUID appointmentId) {
        return db.sql("SELECT role, user_id, name, since FROM waiting_party WHERE appointment_id = :appointment ORDER BY since, role, user_id")
                .bind("appointment", appointmentId)
                .map(PresenceRepository::waitingParty)
                .all();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static Waiting waitingParty(Readable row) {
        return new Waiting(row.get("role", String.class), row.get("user_id", String.class), row.get("name", String.class),
                row.get("since", Instant.class));
    }
}
