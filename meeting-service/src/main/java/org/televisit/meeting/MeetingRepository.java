package org.televisit.meeting;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.televisit.appointment.Appointment;
import org.televisit.appointment.AppointmentRepository;
import reactor.core.publisher.Mono;

/** Meeting rows. Each transition is one conditional UPDATE, so concurrent callers cannot both apply it. */
@Repository
class MeetingRepository {

    /** An appointment and its meeting, or null for an appointment that has none yet. */
    record AppointmentMeeting(Appointment appointment, Meeting meeting) {
    }

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

    /**
     * The appointment and its meeting in one query, for joining: the meeting is null when the
     * appointment has none yet. Empty when there is no such appointment.
     */
    Mono<AppointmentMeeting> findWithAppointment(UUID appointmentId) {
        return db.sql("""
                        SELECT a.*, m.appointment_id AS meeting_appointment_id, m.room_name AS meeting_room_name,
                               m.status AS meeting_status, m.started_at AS meeting_started_at, m.ended_at AS meeting_ended_at
                        FROM appointment a LEFT JOIN meeting m ON m.appointment_id = a.id
                        WHERE a.id = :id""")
                .bind("id", appointmentId)
                .map(row -> new AppointmentMeeting(AppointmentRepository.appointment(row),
                        row.get("meeting_appointment_id", UUID.class) == null ? null : prefixed(row, "meeting_")))
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
        return prefixed(row, "");
    }

    /** A meeting from a row holding the meeting table's columns, each name after {@code prefix}. */
    private static Meeting prefixed(Readable row, String prefix) {
        return new Meeting(
                row.get(prefix + "appointment_id", UUID.class),
                row.get(prefix + "room_name", String.class),
                MeetingStatus.valueOf(row.get(prefix + "status", String.class)),
                row.get(prefix + "started_at", Instant.class),
                row.get(prefix + "ended_at", Instant.class));
    }
}
