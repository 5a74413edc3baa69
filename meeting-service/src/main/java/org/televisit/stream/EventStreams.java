package org.televisit.stream;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;
import org.televisit.appointment.Appointment;
import org.televisit.appointment.AppointmentAccess;
import org.televisit.appointment.AppointmentAction;
import org.televisit.appointment.AppointmentPolicy;
import org.televisit.appointment.AppointmentRepository;
import org.televisit.events.EventBus;
import org.televisit.events.EventScope;
import org.televisit.events.LobbyEvent;
import org.televisit.events.StoredEvent;
import org.televisit.security.Actor;
import org.televisit.security.Role;
import org.televisit.security.User;
import org.televisit.web.ApiException;
import org.televisit.waitingroom.WaitingRoom;
import org.televisit.web.ProblemReason;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The events a viewer may see, whatever the transport (SSE or RSocket). Opening one
 * appointment's stream is an audited access decision (its parties only, each in its role; anyone else is told the
 * appointment does not exist). Each event is then checked on its own: a lobby request's events
 * reach the requester and the appointment's doctor only; who is in the waiting room reaches the
 * doctor only; meeting, call and appointment events reach every party. A stream ends, with the reason, when the token that opened it expires or when this
 * instance stops.
 */
@Component
public class EventStreams {

    private final EventBus bus;
    private final AppointmentAccess access;
    private final AppointmentRepository appointments;
    private final AppointmentPolicy policy;
    private final StreamShutdown shutdown;
    private final WaitingRoom waitingRoom;
    private final Clock clock;

    EventStreams(EventBus bus, AppointmentAccess access, AppointmentRepository appointments, AppointmentPolicy policy,
            StreamShutdown shutdown, WaitingRoom waitingRoom, Clock clock) {
        this.waitingRoom = waitingRoom;
        this.policy = policy;
        this.shutdown = shutdown;
        this.bus = bus;
        this.access = access;
        this.appointments = appointments;
        this.clock = clock;
    }

    /**
     * One appointment's events after {@code afterId} (or from now), then live; the returned Flux is
     * live as soon as it is subscribed to. Errors with
     * {@code NOT_FOUND} before any event if the actor is not a party (in its role). While it is open,
     * a party other than the doctor is in the {@link WaitingRoom}.
     */
    public Mono<Flux<StoredEvent>> appointment(Actor actor, UUID appointmentId, OptionalLong afterId) {
        return access.decide(actor, appointmentId, AppointmentAction.WATCH_EVENTS, ProblemReason.NOT_FOUND,
                appointment -> from(afterId).map(from -> waitingRoom.whileOpen(actor, appointment,
                        bounded(actor, bus.subscribe(EventScope.appointment(appointment.id()), from)
                                .filter(stored -> visible(actor.user(), appointment, stored.event()))))));
    }

    /**
     * Events of every appointment the actor is a party to, in its role, after {@code afterId} (or
     * from now), then live. An event's audience names its parties by role and id, so a token with a
     * party's sub in another role hears nothing of that appointment.
     */
    public Mono<Flux<StoredEvent>> mine(Actor actor, OptionalLong afterId) {
        User viewer = actor.user();
        Map<UUID, Appointment> known = new ConcurrentHashMap<>();
        return from(afterId).map(from -> bounded(actor, bus.subscribe(EventScope.party(viewer.identity().key()), from))
                .concatMap(stored -> needsAppointment(viewer, stored.event())
                        ? appointmentOf(stored.event().appointmentId(), known)
                                .filter(appointment -> visible(viewer, appointment, stored.event())).map(appointment -> stored)
                        : visible(viewer, null, stored.event()) ? Mono.just(stored) : Mono.empty()));
    }

    /**
     * Ends the stream with the reason its client must hear, whatever the transport: {@code
     * SHUTTING_DOWN} when this instance stops (another one serves the client, resuming after its last
     * id), {@code INVALID_TOKEN} when the token that opened it expires (a stream must not outlive it).
     */
    private Flux<StoredEvent> bounded(Actor actor, Flux<StoredEvent> events) {
        AtomicBoolean expired = new AtomicBoolean();
        Mono<?> expiry = actor.authenticatedUntil() == null ? Mono.never()
                : Mono.delay(max(Duration.ZERO, Duration.between(clock.instant(), actor.authenticatedUntil())))
                        .doOnNext(tick -> expired.set(true));
        return events.takeUntilOther(Mono.firstWithSignal(shutdown.signal(), expiry))
                .concatWith(Flux.defer(() -> {
                    if (shutdown.stopping()) {
                        return Flux.error(new ApiException(ProblemReason.SHUTTING_DOWN,
                                "this server is stopping; open the stream again, resuming after the last event id"));
                    }
                    return expired.get() ? Flux.error(new ApiException(ProblemReason.INVALID_TOKEN,
                            "the token that opened this stream has expired; open it again with a fresh one, resuming after the last id"))
                            : Flux.empty();
                }));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Where a stream starts, resolved before it is returned: a stream from a known position is
     * live from the moment it is subscribed to, so a transport may then tell its client so.
     */
    private Mono<OptionalLong> from(OptionalLong afterId) {
        return afterId.isPresent() ? Mono.just(afterId) : bus.now();
    }

    /**
     * Whether {@code viewer}, a party of the event's appointment, may see {@code event}: a lobby
     * request's events reach its requester and the appointment's doctor only, waiting-room presence the
     * doctor only. {@code appointment} may be null when the viewer is not a doctor or is the requester.
     */
    private boolean visible(User viewer, Appointment appointment, LobbyEvent event) {
        boolean doctor = appointment != null && policy.isDoctorOf(viewer, appointment);
        if (event instanceof LobbyEvent.AboutRequest request) {
            return viewer.id().equals(request.requesterId()) || doctor;
        }
        return !(event instanceof LobbyEvent.InWaitingRoom) || doctor;
    }

    private static boolean needsAppointment(User viewer, LobbyEvent event) {
        return viewer.role() == Role.DOCTOR && (event instanceof LobbyEvent.InWaitingRoom
                || event instanceof LobbyEvent.AboutRequest request && !viewer.id().equals(request.requesterId()));
    }

    /** Parties never change, so a stream remembers each appointment once looked up. */
    private Mono<Appointment> appointmentOf(UUID appointmentId, Map<UUID, Appointment> known) {
        Appointment appointment = known.get(appointmentId);
        return appointment != null ? Mono.just(appointment)
                : appointments.findById(appointmentId).doOnNext(found -> known.put(appointmentId, found));
    }
}
