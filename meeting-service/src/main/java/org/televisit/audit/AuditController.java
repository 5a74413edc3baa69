package org.televisit.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.televisit.appointment.AppointmentAccess;
import org.televisit.appointment.AppointmentAction;
import org.televisit.security.Actor;
import reactor.core.publisher.Mono;

/** An appointment's audit trail, for its doctor and for admins; reading it is audited too. */
@RestController
class AuditController {

    private final AppointmentAccess access;
    private final AuditLog audit;

    AuditController(AppointmentAccess access, AuditLog audit) {
        this.access = access;
        this.audit = audit;
    }

    @GetMapping(path = "/api/appointments/{id}/audit", produces = "application/json")
    Mono<List<AuditEntry>> trail(Actor actor, @PathVariable UUID id,
            @RequestParam(defaultValue = "0") @Min(0) long after,
            @RequestParam(defaultValue = "200") @Min(1) @Max(1000) int limit) {
        return access.perform(actor, id, AppointmentAction.VIEW_AUDIT,
                appointment -> audit.forAppointment(id, after, limit).collectList());
    }
}
