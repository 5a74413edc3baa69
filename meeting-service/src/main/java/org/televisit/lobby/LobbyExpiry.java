package org.televisit.lobby;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.televisit.appointment.AppointmentAction;
import org.televisit.appointment.AppointmentRepository;
import org.televisit.audit.AuditLog;
import org.televisit.database.Sweeps;
import org.televisit.events.LobbyEvent;
import org.televisit.stream.EventPublisher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Expires knocks left unanswered for {@code requestTtl}: each sweep marks them EXPIRED, audits
 * that and pushes LOBBY_EXPIRED, in one transaction. Every instance sweeps; a row expires once
 * (SKIP LOCKED keeps concurrent sweeps off each other's rows).
 */
@Component
class LobbyExpiry {

    private static final Logger log = LoggerFactory.getLogger(LobbyExpiry.class);

    private final LobbyRepository lobby;
    private final AppointmentRepository appointments;
    private final EventPublisher events;
    private final AuditLog audit;
    private final TransactionalOperator transaction;
    private final RateLimits limits;
    private final LobbyProperties properties;
    private final LobbyMetrics metrics;
    private final Clock clock;
    private Disposable sweeper;

    LobbyExpiry(LobbyRepository lobby, AppointmentRepository appointments, EventPublisher events, AuditLog audit,
            TransactionalOperator transaction, RateLimits limits, LobbyProperties properties, LobbyMetrics metrics, Clock clock) {
        this.lobby = lobby;
        this.appointments = appointments;
        this.events = events;
        this.audit = audit;
        this.transaction = transaction;
        this.limits = limits;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        sweeper = Sweeps.every(properties.sweepInterval(), this::sweep, log, "Lobby expiry sweep");
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.dispose();
        }
    }

    Mono<Void> sweep() {
        Instant now = Instant.now(clock);
        return limits.forgetIdle().then(transaction.transactional(lobby.expireBefore(now.minus(properties.requestTtl()), now)
                .concatMap(expired -> appointments.findById(expired.appointmentId())
                        .flatMap(appointment -> events.publish(appointment, new LobbyEvent.LobbyExpired(
                                appointment.id(), expired.id(), expired.requesterId(), now)))
                        .then(audit.system(expired.appointmentId(), AppointmentAction.EXPIRE_KNOCK, "REQUEST_TTL"))))
                .count()
                .doOnNext(metrics::expired))
                .then(metrics.refreshPending());
    }
}
