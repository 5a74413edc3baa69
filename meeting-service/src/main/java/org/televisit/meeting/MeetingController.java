package org.televisit.meeting;

import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.televisit.security.Actor;
import reactor.core.publisher.Mono;

/** Meeting control for the doctor, and the join route every party's "Join" button calls. */
@RestController
@RequestMapping(path = "/api/appointments/{id}", produces = "application/json")
class MeetingController {

    private final MeetingService meetings;
    private final JoinService joins;

    MeetingController(MeetingService meetings, JoinService joins) {
        this.meetings = meetings;
        this.joins = joins;
    }

    @PostMapping("/meeting/start")
    Mono<MeetingView> start(Actor actor, @PathVariable UUID id) {
        return meetings.start(actor, id);
    }

    @PostMapping("/meeting/end")
    Mono<MeetingView> end(Actor actor, @PathVariable UUID id) {
        return meetings.end(actor, id);
    }

    @PostMapping("/join")
    Mono<JoinGrant> join(Actor actor, @PathVariable UUID id) {
        return joins.join(actor, id);
    }
}
