package org.televisit.meeting;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Meeting rows. Each transition is one conditional UPDATE, so concurrent callers cannot both apply it. */
@Repository
class MeetingRepository {

    private final DatabaseClient db;

    MeetingRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The appointment's meeting, created with {@code roomName} if it has none yet. */
    Mono<Meeting> ensure(UUID appointmentId, String roomName) {
        return insertIfMissing(appointmentId, roomName).switchIfEmpty(find(appointmentId));
    }

    /** Empty when the appointment already had a meeting (a concurrent caller may have just made it). */
    Mono<Meeting> insertIfMissing(UUID appointmentId, String roomName) {
        return db.sql("""
                        INSERT INTO meeting (appointment_id, room_name, status) VALUES (:id, :room, 'CREATED')
                        ON CONFLICT (appointment_id) DO NOTHING
                        RETURNING *""")
                .bind("id", appointmentId)
                .bind("room", roomName)
                .map(MeetingRepository::meeting)
                .one();
    }

    Mono<Meeting> find(UUID appointmentId) {
        return db.sql("SELECT * FROM meeting WHERE appointment_id = :id")
                .bind("id", appointmentId)
                .map(MeetingRepository::meeting)
                .one();
    }

    /** Empty when the meeting was not CREATED (already started or ended). */
    Mono<Meeting> start(UUID appointmentId, Instant at) {
        return db.sql("""
                        UPDATE meeting SET status = 'STARTED', started_at = :at
                        WHERE appointment_id = :id AND status = 'CREATED'
                        RETURNING *""")
                .bind("id", appointmentId)
                .bind("at", at)
                .map(MeetingRepository::meeting)
                .one();
    }

    /** Empty when the meeting had already ended. */
    Mono<Meeting> end(UUID appointmentId, Instant at) {
        return db.sql("""
                        UPDATE meeting SET status = 'ENDED', ended_at = :at
                        WHERE appointment_id = :id AND status <> 'ENDED'
                        RETURNING *""")
                .bind("id", appointmentId)
                .bind("at", at)
                .map(MeetingRepository::meeting)
                .one();
    }

    private static Meeting meeting(Readable row) {
        return new Meeting(
                row.get("appointment_id", UUID.class),
                row.get("room_name", String.class),
                MeetingStatus.valueOf(row.get("status", String.class)),
                row.get("started_at", Instant.class),
                row.get("ended_at", Instant.class));
    }
}
