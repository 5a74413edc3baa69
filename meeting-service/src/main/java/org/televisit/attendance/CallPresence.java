package org.televisit.attendance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.televisit.appointment.Appointment;
import org.televisit.events.LobbyEvent;
import org.televisit.security.Identity;
import org.televisit.security.Role;
import org.televisit.stream.EventPublisher;
import reactor.core.publisher.Mono;

/**
 * Applies reported changes of presence in the call, whatever reported them. Every change is kept
 * in the log; a party's state is its latest change by event time, so changes may arrive in any
 * order: a leave older than the party's latest join does not take it out. Only a real change of
 * state (out → in, in → out) is pushed, as PARTICIPANT_JOINED / PARTICIPANT_LEFT, on the caller's
 * transaction; a party's changes are decided one at a time across instances (a transaction lock).
 * A party may be in the call through several connections at once (two devices, a reconnect whose
 * old connection times out later): each connection has its own latest change, and the party is in
 * the call while any of them is.
 */
@Component
class CallPresence {

    /** What applying {@code change} did: whether the party's state changed, and, for a patient's first arrival, how long after the doctor's start. */
    record Applied(PresenceChange change, boolean changed, Duration arrivalAfterStart) {
    }

    private final CallPresenceRepository repository;
    private final EventPublisher events;
    private final Clock clock;

    CallPresence(CallPresenceRepository repository, EventPublisher events, Clock clock) {
        this.repository = repository;
        this.events = events;
        this.clock = clock;
    }

    /** Must run inside a transaction (the lock is held until it ends). */
    Mono<Applied> apply(Appointment appointment, PresenceChange change) {
        return repository.lock(appointment.id(), change.party())
                .then(repository.state(appointment.id(), change.party()))
                .flatMap(before -> repository.insert(change, Instant.now(clock)).then(Mono.defer(() -> after(appointment, change, before))));
    }

    private Mono<Applied> after(Appointment appointment, PresenceChange change, CallPresenceRepository.PartyState before) {
        // The change counts for its own connection only, and only if no later one of that connection is known.
        CallPresenceRepository.Latest current = before.connections().get(change.connection());
        Map<String, CallPresenceRepository.Latest> after = new HashMap<>(before.connections());
        if (current == null || !change.at().isBefore(current.at())) {
            after.put(change.connection(), new CallPresenceRepository.Latest(change.change(), change.at()));
        }
        boolean inCallNow = CallPresenceRepository.PartyState.inCall(after);
        if (inCallNow == before.inCall()) {
            return Mono.just(new Applied(change, false, null));
        }
        LobbyEvent event = inCallNow
                ? new LobbyEvent.ParticipantJoined(appointment.id(), change.party().role().name(), change.party().id(), change.name(),
                        change.source(), change.at())
                : new LobbyEvent.ParticipantLeft(appointment.id(), change.party().role().name(), change.party().id(), change.name(),
                        change.source(), change.at());
        Mono<Duration> arrival = inCallNow && before.firstJoinedAt() == null && change.party().equals(patientOf(appointment))
                ? repository.meetingTimes(appointment.id()).flatMap(times -> Mono.justOrEmpty(times.startedAt()))
                        .map(started -> started.isAfter(change.at()) ? Duration.ZERO : Duration.between(started, change.at()))
                : Mono.empty();
        return events.publish(appointment, event)
                .then(arrival.map(delay -> new Applied(change, true, delay)).defaultIfEmpty(new Applied(change, true, null)));
    }

    private static Identity patientOf(Appointment appointment) {
        return new Identity(Role.PATIENT, appointment.patientId());
    }
}
