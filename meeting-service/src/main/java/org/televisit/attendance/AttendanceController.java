package org.televisit.attendance;

import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.televisit.security.Actor;
import reactor.core.publisher.Mono;

/** A party's own report of entering or leaving the call, and the appointment's attendance. */
@RestController
@RequestMapping(path = "/api/appointments/{id}", produces = "application/json")
class AttendanceController {

    private final AttendanceService service;

    AttendanceController(AttendanceService service) {
        this.service = service;
    }

    /** {@code {"event": "joined"}} or {@code {"event": "left"}}. */
    record PresenceReport(Object event) {
    }

    @PostMapping(path = "/presence", consumes = "application/json")
    Mono<ResponseEntity<Void>> report(Actor actor, @PathVariable UUID id, @RequestBody(required = false) PresenceReport report) {
        String event = report == null || !(report.event() instanceof String text) ? null : text;
        return Mono.defer(() -> service.report(actor, id, event)).thenReturn(ResponseEntity.noContent().<Void>build());
    }

    @GetMapping("/attendance")
    Mono<Attendance> attendance(Actor actor, @PathVariable UUID id) {
        return service.attendance(actor, id);
    }
}
