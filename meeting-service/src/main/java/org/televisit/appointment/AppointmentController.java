package org.televisit.appointment;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.televisit.security.Actor;
import org.televisit.web.ApiException;
import org.televisit.web.ProblemReason;
import org.televisit.meeting.JoinRules;
import org.televisit.meeting.JoinWindow;
import reactor.core.publisher.Mono;

/** The appointments API (DESIGN.md). Who may do what is decided by {@link AppointmentPolicy}. */
@RestController
@RequestMapping(path = "/api/appointments", produces = "application/json")
class AppointmentController {

    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final AppointmentService service;
    private final JoinRules joinRules;

    AppointmentController(AppointmentService service, JoinRules joinRules) {
        this.service = service;
        this.joinRules = joinRules;
    }

    /**
     * An appointment as the API shows it: its fields, and when its join window opens and closes,
     * so a page can enable its Join button at the right moment without asking the server.
     */
    record AppointmentView(@JsonUnwrapped Appointment appointment, Instant joinOpensAt, Instant joinClosesAt) {
    }

    record AppointmentViewPage(List<AppointmentView> items, int page, int size, boolean hasMore) {
    }

    private AppointmentView view(Appointment appointment) {
        JoinWindow window = joinRules.window(appointment);
        return new AppointmentView(appointment, window.opensAt(), window.closesAt());
    }

    @PostMapping(consumes = "application/json")
    Mono<ResponseEntity<AppointmentView>> create(Actor actor, @Valid @RequestBody AppointmentRequest request) {
        return service.create(actor, request)
                .map(created -> ResponseEntity.created(URI.create("/api/appointments/" + created.id())).body(view(created)));
    }

    @GetMapping
    Mono<AppointmentViewPage> listOwn(Actor actor,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) AppointmentStatus status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return service.listOwn(actor, new AppointmentQuery(withinRange("from", from), withinRange("to", to), status, page, size))
                .map(found -> new AppointmentViewPage(found.items().stream().map(this::view).toList(), found.page(), found.size(), found.hasMore()));
    }

    /** PostgreSQL's timestamps end long before Instant's: out-of-range filters are a 400, not a 500. */
    private static Instant withinRange(String field, Instant value) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            throw ApiException.invalidField(ProblemReason.INVALID_VALUE, field, field + ": must be between " + EARLIEST + " and " + LATEST);
        }
        return value;
    }

    @GetMapping("/{id}")
    Mono<AppointmentView> get(Actor actor, @PathVariable UUID id) {
        return service.get(actor, id).map(this::view);
    }

    @PostMapping("/{id}/approve")
    Mono<AppointmentView> approve(Actor actor, @PathVariable UUID id) {
        return service.approve(actor, id).map(this::view);
    }

    @PostMapping("/{id}/cancel")
    Mono<AppointmentView> cancel(Actor actor, @PathVariable UUID id) {
        return service.cancel(actor, id).map(this::view);
    }
}
