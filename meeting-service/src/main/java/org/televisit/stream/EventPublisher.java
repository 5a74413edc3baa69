package org.televisit.stream;

import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.televisit.appointment.Appointment;
import org.televisit.events.EventStore;
import org.televisit.events.LobbyEvent;
import org.televisit.security.Identity;
import reactor.core.publisher.Mono;

/**
 * Records an event about an appointment on the connection of the current transaction, so the
 * event commits (and is pushed) exactly when the change it describes commits, and never
 * without it. Its audience is the appointment's parties, each in its role.
 */
@Component
public class EventPublisher {

    private final DatabaseClient db;
    private final EventStore store;

    EventPublisher(DatabaseClient db, EventStore store) {
        this.db = db;
        this.store = store;
    }

    public Mono<Long> publish(Appointment appointment, LobbyEvent event) {
        return db.inConnection(connection -> store.append(connection, event, audience(appointment)));
    }

    /** The parties, each named by role and id together ({@link Identity#key()}), as a party's own stream asks for them. */
    private static Set<String> audience(Appointment appointment) {
        Set<String> audience = new LinkedHashSet<>();
        appointment.parties().forEach(party -> audience.add(party.key()));
        return audience;
    }
}
