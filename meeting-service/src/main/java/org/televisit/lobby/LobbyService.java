package org.televisit.lobby;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.televisit.appointment.Appointment;
import org.televisit.appointment.AppointmentAccess;
import org.televisit.appointment.AppointmentAction;
import org.televisit.events.LobbyEvent;
import org.televisit.meeting.JoinRules;
import org.televisit.security.Actor;
import org.televisit.stream.EventPublisher;
import org.televisit.web.ApiException;
import org.televisit.web.FreeText;
import org.televisit.web.ProblemReason;
import reactor.core.publisher.Mono;

/**
 * The lobby's use cases. A knock, a decision and a withdrawal each change one request, write
 * its audit row and its event in one transaction; a decision is one conditional UPDATE, so a
 * request is decided exactly once however many doctors' clicks race for it.
 */
@Service
public class LobbyService {

    /** The longest reason a doctor may give with a rejection, in characters. */
    public static final int MAX_REASON_LENGTH = 500;

    /** A knock's outcome: the request, and whether this call created it (201) or found it (200). */
    public record Knock(LobbyRequest request, boolean created) {
    }

    private final AppointmentAccess access;
    private final JoinRules rules;
    private final LobbyRepository lobby;
    private final Admissions admissions;
    private final EventPublisher events;
    private final RateLimits limits;
    private final LobbyProperties properties;
    private final LobbyMetrics metrics;
    private final Clock clock;

    LobbyService(AppointmentAccess access, JoinRules rules, LobbyRepository lobby, Admissions admissions,
            EventPublisher events, RateLimits limits, LobbyProperties properties, LobbyMetrics metrics, Clock clock) {
        this.access = access;
        this.rules = rules;
        this.lobby = lobby;
        this.admissions = admissions;
        this.events = events;
        this.limits = limits;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Mono<Knock> knock(Actor actor, UUID appointmentId) {
        return limits.acquire(actor, RateLimits.Kind.KNOCK).then(access.perform(actor, appointmentId, AppointmentAction.KNOCK, appointment -> {
            if (!rules.mustKnock(actor, appointment)) {
                return Mono.error(new ApiException(LobbyDenial.KNOCK_NOT_REQUIRED, "you may join this appointment directly"));
            }
            var refusal = rules.stateRefusal(appointment).or(() -> rules.timeRefusal(appointment));
            if (refusal.isPresent()) {
                return Mono.error(refusal.get());
            }
            return lobby.latest(appointmentId, actor.id())
                    .filter(latest -> latest.status() == LobbyStatus.APPROVED
                            || (latest.status() == LobbyStatus.PENDING && !admissions.expired(latest)))
                    .map(open -> new Knock(open, false))
                    .switchIfEmpty(Mono.defer(() -> newKnock(actor, appointment)));
        })).doOnSuccess(metrics::knocked).doOnError(metrics::knockRefused);
    }

    public Mono<List<LobbyRequest>> list(Actor actor, UUID appointmentId, LobbyStatus status) {
        return access.decide(actor, appointmentId, AppointmentAction.VIEW_LOBBY, ProblemReason.NOT_FOUND, appointment -> {
            boolean doctor = rules.isModerator(actor, appointment);
            return lobby.list(appointmentId, doctor ? null : actor.id(), status).collectList();
        });
    }

    public Mono<LobbyRequest> approve(Actor actor, UUID appointmentId, UUID requestId) {
        return limits.acquire(actor, RateLimits.Kind.DECISION).then(access.perform(actor, appointmentId, AppointmentAction.APPROVE_KNOCK,
                appointment -> decide(appointment, requestId, LobbyStatus.APPROVED, null, actor))).doOnSuccess(metrics::decided);
    }

    /** Rejects a pending request with the doctor's optional words ({@link #rejectionReason}); refused as a whole if they break the rule. */
    public Mono<LobbyRequest> reject(Actor actor, UUID appointmentId, UUID requestId, String reason) {
        String words = rejectionReason(reason);
        return limits.acquire(actor, RateLimits.Kind.DECISION).then(access.perform(actor, appointmentId, AppointmentAction.REJECT_KNOCK,
                appointment -> decide(appointment, requestId, LobbyStatus.REJECTED, words, actor))).doOnSuccess(metrics::decided);
    }

    /** A rejection's reason as kept: free text of several lines at most, trimmed; none when blank. */
    private static String rejectionReason(String reason) {
        FreeText.Rule.require("reason", reason, MAX_REASON_LENGTH, FreeText.Kind.LINES);
        return reason == null || reason.isBlank() ? null : reason.strip();
    }

    public Mono<LobbyRequest> withdraw(Actor actor, UUID appointmentId, UUID requestId) {
        return access.perform(actor, appointmentId, AppointmentAction.CANCEL_KNOCK, appointment -> lobby.find(appointmentId, requestId)
                .switchIfEmpty(Mono.error(() -> notFound(requestId)))
                .flatMap(request -> request.requesterId().equals(actor.id())
                        ? settle(appointment, request, LobbyStatus.CANCELLED, null, actor.id())
                        : Mono.error(new ApiException(ProblemReason.FORBIDDEN, "only the requester may withdraw a request"))));
    }

    private Mono<Knock> newKnock(Actor actor, Appointment appointment) {
        Instant now = Instant.now(clock);
        return lobby.countKnocks(appointment.id(), actor.id()).flatMap(knocks -> knocks >= properties.maxKnocks()
                ? Mono.error(new ApiException(LobbyDenial.KNOCK_LIMIT_REACHED, "you have asked " + knocks
                        + " times for this appointment, the most allowed; contact the clinic", Map.of("maxKnocks", properties.maxKnocks())))
                : lobby.insertPending(appointment.id(), actor.id(), actor.user().name(), now)
                        .flatMap(created -> events.publish(appointment, new LobbyEvent.LobbyRequested(appointment.id(), created.id(),
                                created.requesterId(), created.requesterName(), created.requestedAt())).thenReturn(new Knock(created, true)))
                        // A concurrent knock by the same requester won the insert: answer with its request.
                        .switchIfEmpty(Mono.defer(() -> lobby.latest(appointment.id(), actor.id()).map(found -> new Knock(found, false)))));
    }

    private Mono<LobbyRequest> decide(Appointment appointment, UUID requestId, LobbyStatus outcome, String reason, Actor actor) {
        return lobby.find(appointment.id(), requestId)
                .switchIfEmpty(Mono.error(() -> notFound(requestId)))
                .flatMap(request -> request.status() == LobbyStatus.PENDING && admissions.expired(request)
                        ? Mono.error(new ApiException(LobbyDenial.REQUEST_EXPIRED, "the request expired before it was answered"))
                        : settle(appointment, request, outcome, reason, actor.id()));
    }

    /** Moves a PENDING request to {@code outcome} and records its event; anything else is ALREADY_DECIDED. */
    private Mono<LobbyRequest> settle(Appointment appointment, LobbyRequest request, LobbyStatus outcome, String reason, String by) {
        Instant now = Instant.now(clock);
        return lobby.decide(appointment.id(), request.id(), outcome, reason, by, now)
                .switchIfEmpty(Mono.defer(() -> lobby.find(appointment.id(), request.id()).flatMap(current -> Mono.error(
                        new ApiException(LobbyDenial.ALREADY_DECIDED, "this request is already " + current.status(),
                                Map.of("currentStatus", current.status().name()))))))
                .flatMap(settled -> events.publish(appointment, event(appointment, settled, now)).thenReturn(settled));
    }

    private static LobbyEvent event(Appointment appointment, LobbyRequest settled, Instant now) {
        return switch (settled.status()) {
            case APPROVED -> new LobbyEvent.LobbyApproved(appointment.id(), settled.id(), settled.requesterId(), settled.decidedBy(), now);
            case REJECTED -> new LobbyEvent.LobbyRejected(appointment.id(), settled.id(), settled.requesterId(), settled.decidedBy(),
                    settled.reason(), now);
            case CANCELLED -> new LobbyEvent.LobbyCancelled(appointment.id(), settled.id(), settled.requesterId(), "REQUESTER", now);
            case EXPIRED -> new LobbyEvent.LobbyExpired(appointment.id(), settled.id(), settled.requesterId(), now);
            case PENDING -> throw new IllegalStateException("a settled request is not pending");
        };
    }

    private static ApiException notFound(UUID requestId) {
        return new ApiException(LobbyDenial.REQUEST_NOT_FOUND, "no lobby request " + requestId + " for this appointment");
    }
}
