package org.televisit.waitingroom;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.televisit.appointment.Appointment;
import org.televisit.appointment.AppointmentAction;
import org.televisit.appointment.AppointmentPolicy;
import org.televisit.appointment.AppointmentRepository;
import org.televisit.audit.AuditLog;
import org.televisit.database.Sweeps;
import org.televisit.events.LobbyEvent;
import org.televisit.security.Actor;
import org.televisit.security.Role;
import org.televisit.security.User;
import org.televisit.stream.EventPublisher;
import org.televisit.waitingroom.PresenceRepository.Party;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who is in each appointment's waiting room, across all instances: a party other than the doctor
 * with the appointment's own event stream open. Each such stream is a lease in PostgreSQL that
 * this instance renews while the stream is open; a closed stream still counts for the grace
 * period. A party that had no stream becomes present (PARTICIPANT_WAITING) and a party whose
 * streams have all lapsed becomes absent (PARTICIPANT_GONE), each change decided once, by the
 * party's row, in the transaction that publishes its event and writes its audit row
 * (ENTER_WAITING_ROOM, LEAVE_WAITING_ROOM, as the party), whichever instance sees it first.
 * None of this delays a stream: it runs beside it, and a failure is logged, never the stream's.
 */
@Component
public class WaitingRoom {

    private static final Logger log = LoggerFactory.getLogger(WaitingRoom.class);
    private static final int SWEEP_BATCH = 200;

    private final PresenceRepository presence;
    private final AppointmentRepository appointments;
    private final AppointmentPolicy policy;
    private final EventPublisher events;
    private final AuditLog audit;
    private final TransactionalOperator transaction;
    private final PresenceProperties properties;
    private final Clock clock;
    private final UUID instanceId = UUID.randomUUID();
    /** This instance's open streams, by id: the leases it renews, and what it needs to record one again. */
    private final Map<UUID, Stream> open = new ConcurrentHashMap<>();

    /** One open stream: whose it is, and for which appointment. */
    private record Stream(Party party, Actor actor, Appointment appointment) {
    }
    private Disposable ticker;

    WaitingRoom(PresenceRepository presence, AppointmentRepository appointments, AppointmentPolicy policy, EventPublisher events,
            AuditLog audit, TransactionalOperator transaction, PresenceProperties properties, Clock clock) {
        this.audit = audit;
        this.presence = presence;
        this.appointments = appointments;
        this.policy = policy;
        this.events = events;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * {@code stream}, one appointment's events as {@code viewer} receives them; while it is
     * subscribed to, a viewer who is a party other than the doctor counts as waiting. The stream
     * itself is neither delayed nor changed.
     */
    public <T> Flux<T> whileOpen(Actor actor, Appointment appointment, Flux<T> stream) {
        User viewer = actor.user();
        if (!policy.isParty(viewer, appointment) || policy.isDoctorOf(viewer, appointment)) {
            return stream;
        }
        return Flux.defer(() -> {
            UUID streamId = UUID.randomUUID();
            Party party = new Party(appointment.id(), viewer.role().name(), viewer.id());
            open.put(streamId, new Stream(party, actor, appointment));
            Mono<Void> opened = opened(streamId, party, actor, appointment)
                    .onErrorResume(error -> {
                        log.warn("Could not record a waiting-room stream; the party is not shown as waiting: {}", error.toString());
                        return Mono.empty();
                    })
                    .cache();
            opened.subscribe();
            return stream.doFinally(signal -> {
                open.remove(streamId);
                opened.then(presence.closeStream(streamId, properties.grace())).subscribe(null, error ->
                        log.warn("Could not record a closed waiting-room stream; its lease lapses instead: {}", error.toString()));
            });
        });
    }

    /** Who is waiting for the appointment now, longest first. */
    public Flux<Waiting> waiting(UUID appointmentId) {
        return presence.waiting(appointmentId);
    }

    /**
     * The stream's row commits first, on its own: a sweep that starts after it sees the party live.
     * One that started before may still remove the party, and then this arrival, which waits for that
     * removal to commit (the party's key), records it again: gone and waiting, but never absent with
     * a stream open. No lock is taken, so many streams opening at once do not queue for connections.
     */
    private Mono<Void> opened(UUID streamId, Party party, Actor actor, Appointment appointment) {
        return presence.openStream(streamId, party, instanceId, properties.lease())
                .then(transaction.transactional(presence.arrive(party, actor.user().name(), Instant.now(clock))
                        .flatMap(waiting -> events.publish(appointment, new LobbyEvent.ParticipantWaiting(appointment.id(),
                                waiting.role(), waiting.userId(), waiting.name(), waiting.since()))
                                .then(audit.granted(actor, appointment.id(), AppointmentAction.ENTER_WAITING_ROOM)))))
                .then();
    }

    private Mono<Void> recordAgain(UUID streamId) {
        Stream stream = open.get(streamId);
        return stream == null ? Mono.empty() : opened(streamId, stream.party(), stream.actor(), stream.appointment());
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        ticker = Sweeps.every(properties.tick(), this::renewAndSweep, log, "Waiting-room lease renewal or sweep");
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.dispose();
        }
    }

    /**
     * Renews this instance's leases first, so its own parties never lapse while their streams are
     * open. A lease this instance failed to renew in time (a stall longer than the lease) was
     * forgotten, and its party may have been reported gone: the stream is still open, so it is
     * recorded again, and the party is reported waiting again if it had gone.
     */
    Mono<Void> renewAndSweep() {
        Set<UUID> held = Set.copyOf(open.keySet());
        Mono<Void> renewed = held.isEmpty() ? Mono.empty() : presence.renew(held, properties.lease()).collect(Collectors.toSet())
                .flatMapMany(found -> Flux.fromIterable(held).filter(id -> !found.contains(id)))
                .concatMap(this::recordAgain)
                .then();
        return renewed.then(presence.forgetLapsedStreams())
                .thenMany(presence.withoutLiveStream(SWEEP_BATCH))
                .concatMap(this::leaveIfLapsed)
                .then();
    }

    /** One party's departure, decided under its lock: only the instance whose DELETE returns the row publishes it. */
    private Mono<Void> leaveIfLapsed(Party party) {
        return transaction.transactional(presence.lock(party)
                .then(presence.leave(party))
                .flatMap(left -> appointments.findById(party.appointmentId())
                        .flatMap(appointment -> events.publish(appointment, new LobbyEvent.ParticipantGone(appointment.id(),
                                left.role(), left.userId(), left.name(), Instant.now(clock))))
                        .then(audit.granted(asParty(left), party.appointmentId(), AppointmentAction.LEAVE_WAITING_ROOM))))
                .then();
    }

    /** The party that left, as the audit log names it (no address: no request of its made this decision). */
    private static Actor asParty(Waiting left) {
        return new Actor(new User(left.userId(), Role.valueOf(left.role()), left.name(), null), null);
    }
}
