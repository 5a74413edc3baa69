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
                        SELECT a.*, m.room_name AS meeting_room_name, m.status AS meeting_status,
                               m.started_at AS meeting_started_at, m.ended_at AS meeting_ended_at
                        FROM appointment a LEFT JOIN meeting m ON m.appointment_id = a.id
                        WHERE a.id = :id""")
                .bind("id", appointmentId)
                .map(row -> new AppointmentMeeting(AppointmentRepository.appointment(row),
                        row.get("meeting_room_name", String.class) == null ? null : new Meeting(appointmentId,
                                row.get("meeting_room_name", String.class),
                                MeetingStatus.valueOf(row.get("meeting_status", String.class)),
                                row.get("meeting_started_at", Instant.class),
                                row.get("meeting_ended_at", Instant.class))))
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
