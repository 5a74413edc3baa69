package org.televisit.waitingroom;

import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.televisit.appointment.AppointmentAccess;
import org.televisit.appointment.AppointmentAction;
import org.televisit.security.Actor;
import org.televisit.web.ProblemReason;
import reactor.core.publisher.Mono;

/**
 * Who is in an appointment's waiting room now, for its doctor (and admins): the console loads it
 * once, then follows PARTICIPANT_WAITING and PARTICIPANT_GONE on its stream. Audited as a read.
 */
@RestController
class PresenceController {

    /** The answer: the parties waiting now, longest first. */
    record Presence(List<Waiting> waiting) {
    }

    private final AppointmentAccess access;
    private final WaitingRoom room;

    PresenceController(AppointmentAccess access, WaitingRoom room) {
        this.access = access;
        this.room = room;
    }

    @GetMapping(path = "/api/appointments/{id}/presence", produces = "application/json")
    Mono<Presence> presence(Actor actor, @PathVariable UUID id) {
        return access.decide(actor, id, AppointmentAction.VIEW_PRESENCE, ProblemReason.NOT_FOUND,
                appointment -> room.waiting(appointment.id()).collectList().map(Presence::new));
    }
}
