package org.televisit.lobby;

import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.televisit.appointment.Appointment;
import org.televisit.events.LobbyEvent;
import org.televisit.stream.EventPublisher;
import reactor.core.publisher.Mono;

/** Closes an appointment's open knocks when the appointment is cancelled or its meeting ends, in the caller's transaction. */
@Component
public class LobbyClosing {

    public static final String APPOINTMENT_CANCELLED = "APPOINTMENT_CANCELLED";
    public static final String MEETING_ENDED = "MEETING_ENDED";

    private final LobbyRepository lobby;
    private final EventPublisher events;
    private final Clock clock;

    LobbyClosing(LobbyRepository lobby, EventPublisher events, Clock clock) {
        this.lobby = lobby;
        this.events = events;
        this.clock = clock;
    }

    public Mono<Void> closeAll(Appointment appointment, String cause) {
        Instant now = Instant.now(clock);
        return lobby.closeAllPending(appointment.id(), LobbyStatus.CANCELLED, now)
                .concatMap(closed -> events.publish(appointment,
                        new LobbyEvent.LobbyCancelled(appointment.id(), closed.id(), closed.requesterId(), cause, now)))
                .then();
    }
}
