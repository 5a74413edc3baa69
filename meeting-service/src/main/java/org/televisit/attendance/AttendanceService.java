package org.televisit.attendance;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.televisit.appointment.Appointment;
import org.televisit.appointment.AppointmentAccess;
import org.televisit.appointment.AppointmentAction;
import org.televisit.appointment.AppointmentStatus;
import org.televisit.appointment.AppointmentType;
import org.televisit.audit.AuditLog;
import org.televisit.meeting.JoinRules;
import org.televisit.security.Actor;
import org.televisit.web.ApiException;
import org.televisit.web.ProblemReason;
import reactor.core.publisher.Mono;

/**
 * The parties' own reports of entering and leaving the call (for Jitsi deployments that send no
 * webhooks, such as meet.jit.si), and the attendance figures. A party reports itself only, in
 * its role; the report's time is the server's. Joining is reported inside the join window only
 * (409 {@code WINDOW_NOT_OPEN} / {@code WINDOW_CLOSED} outside it, as for {@code join}) and, with
 * the waiting room on, once the doctor has started (409 {@code MEETING_NOT_STARTED}, as for {@code join}).
 */
@Service
class AttendanceService {

    private final AppointmentAccess access;
    private final CallPresence presence;
    private final CallPresenceRepository repository;
    private final AuditLog audit;
    private final AttendanceMetrics metrics;
    private final JoinRules joinRules;
    private final Clock clock;

    AttendanceService(AppointmentAccess access, CallPresence presence, CallPresenceRepository repository, AuditLog audit,
            AttendanceMetrics metrics, JoinRules joinRules, Clock clock) {
        this.joinRules = joinRules;
        this.access = access;
        this.presence = presence;
        this.repository = repository;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** {@code event}: {@code joined} or {@code left}; who may report is decided first, then the report is read. */
    Mono<Void> report(Actor actor, UUID appointmentId, String event) {
        return access.perform(actor, appointmentId, AppointmentAction.REPORT_PRESENCE,
                        appointment -> Mono.fromCallable(() -> changeOf(event)).flatMap(change -> report(actor, appointment, change)))
                .doOnNext(applied -> {
                    if (applied.changed()) {
                        metrics.changed(PresenceChange.CLIENT, applied.change().change());
                        metrics.arrived(applied.arrivalAfterStart());
                    }
                })
                .then();
    }

    Mono<Attendance> attendance(Actor actor, UUID appointmentId) {
        return access.decide(actor, appointmentId, AppointmentAction.VIEW_ATTENDANCE, ProblemReason.NOT_FOUND, this::attendance);
    }

    private Mono<Attendance> attendance(Appointment appointment) {
        return repository.log(appointment.id()).collectList()
                .zipWith(repository.meetingTimes(appointment.id()))
                .map(found -> Attendance.of(appointment, found.getT1(), found.getT2().endedAt(),
                        joinRules.window(appointment).closesAt(), Instant.now(clock)));
    }

    private Mono<CallPresence.Applied> report(Actor actor, Appointment appointment, PresenceChange.Change change) {
        boolean usable = appointment.type() == AppointmentType.VIDEO && (appointment.status() == AppointmentStatus.APPROVED
                || appointment.status() == AppointmentStatus.COMPLETED && change == PresenceChange.Change.LEFT);
        if (!usable) {
            return Mono.error(new ApiException(ProblemReason.INVALID_STATE, "this appointment has no call to " + (change
                    == PresenceChange.Change.JOINED ? "join" : "leave") + " now", Map.of("status", appointment.status().name())));
        }
        // A page can only be in the call inside the join window; a leave may come after it closed (a long call).
        Optional<ApiException> outsideTheWindow = change == PresenceChange.Change.JOINED
                ? joinRules.timeRefusal(appointment) : Optional.empty();
        if (outsideTheWindow.isPresent()) {
            return Mono.error(outsideTheWindow.get());
        }
        // Nobody but the doctor is in a call the waiting room still holds shut: such a "joined" is refused as join is.
        Mono<Void> startedIfNeeded = change == PresenceChange.Change.LEFT ? Mono.empty()
                : repository.meetingTimes(appointment.id()).flatMap(times -> joinRules
                        .notStartedRefusal(actor, appointment, times.startedAt() != null)
                        .<Mono<Void>>map(Mono::error).orElseGet(Mono::empty));
        PresenceChange reported = new PresenceChange(appointment.id(), actor.user().identity(),
                actor.user().name() == null ? "" : actor.user().name(), change, PresenceChange.CLIENT, Instant.now(clock), "");
        return startedIfNeeded.then(presence.apply(appointment, reported)).flatMap(applied -> applied.changed()
                ? audit.granted(actor, appointment.id(), change == PresenceChange.Change.JOINED ? CallAction.JOINED_CALL : CallAction.LEFT_CALL)
                        .thenReturn(applied)
                : Mono.just(applied));
    }

    private static PresenceChange.Change changeOf(String event) {
        if ("joined".equals(event)) {
            return PresenceChange.Change.JOINED;
        }
        if ("left".equals(event)) {
            return PresenceChange.Change.LEFT;
        }
        throw ApiException.invalidField(ProblemReason.INVALID_VALUE, "event", "event: must be \"joined\" or \"left\"");
    }
}
