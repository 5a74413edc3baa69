package org.televisit.appointment;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import org.televisit.security.Identity;
import org.televisit.security.Role;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Appointment rows over R2DBC. Every change is conditional on the version the caller read. */
@Repository
public class AppointmentRepository {

    private final DatabaseClient db;

    AppointmentRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Appointment> insert(Appointment a) {
        var spec = db.sql("""
                        INSERT INTO appointment (id, doctor_id, patient_id, agency_id, starts_at, duration_minutes, type, status, version,
                                                 created_by, created_by_role, doctor_name)
                        VALUES (:id, :doctor, :patient, :agency, :startsAt, :duration, :type, :status, 0, :createdBy, :createdByRole,
                                :doctorName)
                        RETURNING *""")
                .bind("id", a.id())
                .bind("doctor", a.doctorId())
                .bind("patient", a.patientId())
                .bind("startsAt", a.startsAt())
                .bind("duration", a.durationMinutes())
                .bind("type", a.type().name())
                .bind("status", a.status().name())
                .bind("agency", Parameter.fromOrEmpty(a.agencyId(), String.class))
                .bind("createdBy", Parameter.fromOrEmpty(a.createdBy() == null ? null : a.createdBy().id(), String.class))
                .bind("createdByRole", Parameter.fromOrEmpty(a.createdBy() == null ? null : a.createdBy().role().name(), String.class))
                .bind("doctorName", Parameter.fromOrEmpty(a.doctorName(), String.class));
        return spec.map(AppointmentRepository::appointment).one();
    }

    public Mono<Appointment> findById(UUID id) {
        return db.sql("SELECT * FROM appointment WHERE id = :id")
                .bind("id", id)
                .map(AppointmentRepository::appointment)
                .one();
    }

    /** Records the doctor's display name if none is known yet; the appointment as it is now either way. */
    public Mono<Appointment> nameDoctorIfUnknown(UUID id, String name) {
        return db.sql("UPDATE appointment SET doctor_name = :name WHERE id = :id AND doctor_name IS NULL")
                .bind("name", name)
                .bind("id", id)
                .fetch().rowsUpdated()
                .then(findById(id));
    }

    /** Empty when the row is no longer at {@code expectedVersion}: somebody else changed it first. */
    public Mono<Appointment> updateStatus(UUID id, long expectedVersion, AppointmentStatus status) {
        return db.sql("""
                        UPDATE appointment SET status = :status, version = version + 1, updated_at = now()
                        WHERE id = :id AND version = :version
                        RETURNING *""")
                .bind("status", status.name())
                .bind("id", id)
                .bind("version", expectedVersion)
                .map(AppointmentRepository::appointment)
                .one();
    }

    /** The appointments whose {@code seat} {@code userId} holds, by start time, one page of them. */
    public Flux<Appointment> findForSeat(Seat seat, String userId, AppointmentQuery query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM appointment WHERE ").append(switch (seat) {
            case DOCTOR -> "doctor_id = :user";
            case PATIENT -> "patient_id = :user";
            case AGENCY -> "agency_id = :user";
            case BOOKER -> "created_by = :user AND created_by_role = 'SCHEDULER'";
        });
        if (query.from() != null) {
            sql.append(" AND starts_at >= :from");
        }
        if (query.to() != null) {
            sql.append(" AND starts_at < :to");
        }
        if (query.status() != null) {
            sql.append(" AND status = :status");
        }
        sql.append(" ORDER BY starts_at, id LIMIT :limit OFFSET :offset");
        var spec = db.sql(sql.toString())
                .bind("user", userId)
                .bind("limit", query.size() + 1)
                .bind("offset", (long) query.page() * query.size());
        if (query.from() != null) {
            spec = spec.bind("from", query.from());
        }
        if (query.to() != null) {
            spec = spec.bind("to", query.to());
        }
        if (query.status() != null) {
            spec = spec.bind("status", query.status().name());
        }
        return spec.map(AppointmentRepository::appointment).all();
    }

    public Mono<Long> countForDoctor(String doctorId) {
        return db.sql("SELECT count(*) AS n FROM appointment WHERE doctor_id = :doctor")
                .bind("doctor", doctorId)
                .map(row -> row.get("n", Long.class))
                .one();
    }

    /** An appointment from a row holding the appointment table's columns under their own names. */
    public static Appointment appointment(Readable row) {
        return new Appointment(
                row.get("id", UUID.class),
                row.get("doctor_id", String.class),
                row.get("patient_id", String.class),
                row.get("agency_id", String.class),
                row.get("starts_at", Instant.class),
                row.get("duration_minutes", Integer.class),
                AppointmentType.valueOf(row.get("type", String.class)),
                AppointmentStatus.valueOf(row.get("status", String.class)),
                row.get("version", Long.class),
                createdBy(row.get("created_by", String.class), row.get("created_by_role", String.class)),
                Boolean.TRUE.equals(row.get("no_show", Boolean.class)),
                row.get("doctor_name", String.class));
    }

    private static Identity createdBy(String id, String role) {
        return id == null || role == null ? null : new Identity(Role.valueOf(role), id);
    }
}
