package org.televisit.attendance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.televisit.audit.AuditLog;
import org.televisit.database.Sweeps;
import org.televisit.events.LobbyEvent;
import org.televisit.meeting.JoinProperties;
import org.televisit.meeting.JoinWindow;
import org.televisit.security.Identity;
import org.televisit.security.Role;
import org.televisit.stream.EventPublisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Decides, once the join window has closed, whether each appointment was a no-show: the patient
 * never joined the call, by any source. A no-show is marked, audited ({@code MARK_NO_SHOW}) and
 * pushed as APPOINTMENT_NO_SHOW in one transaction, then counted; for an attended appointment the
 * time doctor and patient spent together is recorded. Every instance sweeps; each appointment is
 * decided exactly once (a conditional UPDATE over rows locked with SKIP LOCKED). The sweep also
 * forgets webhook delivery keys past their retention.
 */
@Component
class NoShowSweep {

    private static final Logger log = LoggerFactory.getLogger(NoShowSweep.class);
    private static final int BATCH = 100;

    private final CallPresenceRepository repository;
    private final EventPublisher events;
    private final AuditLog audit;
    private final TransactionalOperator transaction;
    private final CallProperties properties;
    private final JoinProperties join;
    private final AttendanceMetrics metrics;
    private final Clock clock;
    private Disposable sweeper;

    NoShowSweep(CallPresenceRepository repository, EventPublisher events, AuditLog audit, TransactionalOperator transaction,
            CallProperties properties, JoinProperties join, AttendanceMetrics metrics, Clock clock) {
        this.repository = repository;
        this.events = events;
        this.audit = audit;
        this.transaction = transaction;
        this.properties = properties;
        this.join = join;
        this.metrics = metrics;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        sweeper = Sweeps.every(properties.sweepInterval(), this::sweep, log, "Attendance sweep");
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.dispose();
        }
    }

    /** One sweep: decides the appointments due now, in batches, and forgets old delivery keys. */
    Mono<Void> sweep() {
        Instant now = Instant.now(clock);
        return decideBatch(now)
                .expand(decided -> decided.size() < BATCH ? Mono.empty() : decideBatch(now))
                .then(repository.forgetDeliveriesBefore(now.minus(properties.deliveryKeyRetention())))
                .then();
    }

    private Mono<List<CallPresenceRepository.Decided>> decideBatch(Instant now) {
        return transaction.transactional(repository.decideNoShows(now, join.closesAfter().toSeconds(), BATCH)
                        .concatMap(decided -> decided.noShow() ? markNoShow(decided, now) : Mono.just(decided)))
                .collectList()
                .flatMap(decided -> Flux.fromIterable(decided).concatMap(this::counted).then(Mono.just(decided)));
    }

    private Mono<CallPresenceRepository.Decided> markNoShow(CallPresenceRepository.Decided decided, Instant now) {
        return events.publish(decided.appointment(), new LobbyEvent.AppointmentNoShow(decided.appointment().id(),
                        decided.appointment().patientId(), now))
                .then(audit.system(decided.appointment().id(), CallAction.MARK_NO_SHOW, "PATIENT_NEVER_JOINED"))
                .thenReturn(decided);
    }

    /** After commit: a no-show is counted; an attended appointment's time together is recorded. */
    private Mono<Void> counted(CallPresenceRepository.Decided decided) {
        if (decided.noShow()) {
            metrics.noShow();
            return Mono.empty();
        }
        return repository.log(decided.appointment().id()).collectList()
                .zipWith(repository.meetingTimes(decided.appointment().id()))
                .doOnNext(found -> {
                    // A span nobody reported the end of counts up to the meeting's end, or the join window's close.
                    Instant until = found.getT2().endedAt() != null ? found.getT2().endedAt()
                            : JoinWindow.of(decided.appointment(), join).closesAt();
                    Duration together = Attendance.together(
                            Attendance.intervals(new Identity(Role.DOCTOR, decided.appointment().doctorId()), found.getT1(), until),
                            Attendance.intervals(new Identity(Role.PATIENT, decided.appointment().patientId()), found.getT1(), until));
                    if (!together.isZero()) {
                        metrics.consulted(together);
                    }
                })
                .then();
    }
}
