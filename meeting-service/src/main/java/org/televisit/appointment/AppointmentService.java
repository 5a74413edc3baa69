package org.televisit.appointment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.televisit.audit.AuditLog;
import org.televisit.events.LobbyEvent;
import org.televisit.lobby.LobbyClosing;
import org.televisit.meeting.Meetings;
import org.televisit.stream.EventPublisher;
import org.televisit.security.Actor;
import org.televisit.security.Role;
import org.televisit.web.ApiException;
import org.televisit.web.ProblemReason;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The appointment use cases: book, read, list, approve, cancel. Status changes follow
 * {@link AppointmentStatus#next()} and are conditional on the version read, so of two
 * concurrent changes exactly one wins and the other is a 409, never a silent overwrite.
 */
@Service
public class AppointmentService {

    /** How far ahead an appointment may be booked (two years). */
    static final long MAX_DAYS_AHEAD = 731;

    private final AppointmentRepository appointments;
    private final AppointmentAccess access;
    private final AppointmentPolicy policy;
    private final AuditLog audit;
    private final TransactionalOperator transaction;
    private final Clock clock;
    private final Meetings meetings;
    private final EventPublisher events;
    private final LobbyClosing lobby;

    AppointmentService(AppointmentRepository appointments, AppointmentAccess access, AppointmentPolicy policy,
            AuditLog audit, TransactionalOperator transaction, Clock clock, Meetings meetings, EventPublisher events,
            LobbyClosing lobby) {
        this.events = events;
        this.lobby = lobby;
        this.meetings = meetings;
        this.appointments = appointments;
        this.access = access;
        this.policy = policy;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    public Mono<Appointment> create(Actor actor, AppointmentRequest request) {
        var refusal = policy.refusalToCreate(actor.user(), request.doctorId());
        if (refusal.isPresent()) {
            ApiException refused = new ApiException(refusal.get(), actor.is(Role.DOCTOR)
                    ? "a doctor may only book appointments for itself" : "this role may not book appointments");
            return audit.denied(actor, null, AppointmentAction.CREATE, refused.reason()).then(Mono.error(refused));
        }
        ApiException invalid = invalidParties(request);
        if (invalid != null) {
            return Mono.error(invalid);
        }
        // A doctor booking for itself is named by its own token; anyone else may name the doctor.
        String doctorName = actor.is(Role.DOCTOR) ? actor.user().name() : request.doctorName();
        Appointment appointment = new Appointment(UUID.randomUUID(), request.doctorId(), request.patientId(),
                request.agencyId(), request.startsAt(), request.durationMinutes(), request.type(),
                AppointmentStatus.REQUESTED, 0, actor.user().identity(), false, doctorName);
        return transaction.transactional(appointments.insert(appointment)
                .flatMap(created -> audit.granted(actor, created.id(), AppointmentAction.CREATE).thenReturn(created)));
    }

    public Mono<Appointment> get(Actor actor, UUID id) {
        return access.decide(actor, id, AppointmentAction.VIEW, ProblemReason.NOT_FOUND, Mono::just);
    }

    /** The appointments {@link AppointmentPolicy#ownSeat the caller's seat} holds; none for an admin. */
    public Mono<AppointmentPage> listOwn(Actor actor, AppointmentQuery query) {
        return policy.ownSeat(actor.user())
                .map(seat -> appointments.findForSeat(seat, actor.id(), query))
                .orElseGet(Flux::empty)
                .collectList()
                .map(found -> new AppointmentPage(
                        found.subList(0, Math.min(found.size(), query.size())),
                        query.page(), query.size(), found.size() > query.size()));
    }

    /**
     * Approves; a VIDEO appointment gets its meeting room in the same transaction. The approving
     * doctor's token names the doctor if the booking did not.
     */
    public Mono<Appointment> approve(Actor actor, UUID id) {
        return access.perform(actor, id, AppointmentAction.APPROVE,
                appointment -> moveTo(appointment, AppointmentStatus.APPROVED)
                        .flatMap(approved -> approved.doctorName() != null ? Mono.just(approved)
                                : appointments.nameDoctorIfUnknown(approved.id(), actor.user().name()))
                        .flatMap(approved -> (approved.type() == AppointmentType.VIDEO ? meetings.open(approved) : Mono.<Void>empty())
                                .then(updated(approved))));
    }

    /** Marks an approved appointment COMPLETED, inside the caller's transaction (the meeting has ended). */
    public Mono<Appointment> complete(Appointment appointment) {
        return moveTo(appointment, AppointmentStatus.COMPLETED)
                .flatMap(completed -> lobby.closeAll(completed, LobbyClosing.MEETING_ENDED).then(updated(completed)));
    }

    /** Cancels; open knocks end with it, and every party's stream hears of it. */
    public Mono<Appointment> cancel(Actor actor, UUID id) {
        return access.perform(actor, id, AppointmentAction.CANCEL,
                appointment -> moveTo(appointment, AppointmentStatus.CANCELLED)
                        .flatMap(cancelled -> lobby.closeAll(cancelled, LobbyClosing.APPOINTMENT_CANCELLED).then(updated(cancelled))));
    }

    private Mono<Appointment> updated(Appointment appointment) {
        return events.publish(appointment, new LobbyEvent.AppointmentUpdated(appointment.id(), appointment.status().name(),
                Instant.now(clock))).thenReturn(appointment);
    }

    private Mono<Appointment> moveTo(Appointment appointment, AppointmentStatus target) {
        if (!appointment.status().next().contains(target)) {
            return Mono.error(new ApiException(ProblemReason.INVALID_STATE,
                    "an appointment that is " + appointment.status() + " cannot become " + target,
                    Map.of("currentStatus", appointment.status().name())));
        }
        return appointments.updateStatus(appointment.id(), appointment.version(), target)
                .switchIfEmpty(Mono.error(() -> new ApiException(ProblemReason.CONCURRENT_UPDATE,
                        "the appointment was changed by another request; reload it and retry")));
    }

    private ApiException invalidParties(AppointmentRequest request) {
        if (!request.startsAt().isAfter(Instant.now(clock))) {
            return ApiException.invalidField(ProblemReason.VALIDATION_FAILED, "startsAt", "startsAt: must be in the future");
        }
        if (request.startsAt().isAfter(Instant.now(clock).plus(Duration.ofDays(MAX_DAYS_AHEAD)))) {
            return ApiException.invalidField(ProblemReason.VALIDATION_FAILED, "startsAt",
                    "startsAt: must be within " + MAX_DAYS_AHEAD + " days from now");
        }
        if (request.patientId().equals(request.doctorId())) {
            return ApiException.invalidField(ProblemReason.VALIDATION_FAILED, "patientId",
                    "patientId: the patient cannot be the appointment's doctor");
        }
        if (request.agencyId() != null
                && (request.agencyId().equals(request.doctorId()) || request.agencyId().equals(request.patientId()))) {
            return ApiException.invalidField(ProblemReason.VALIDATION_FAILED, "agencyId",
                    "agencyId: the agency must be a third party");
        }
        return null;
    }
}
