package org.televisit.appointment;

import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.televisit.audit.AuditLog;
import org.televisit.security.Actor;
import org.televisit.web.ApiException;
import org.televisit.web.ProblemReason;
import org.televisit.web.Reason;
import reactor.core.publisher.Mono;

/**
 * Runs one action on one appointment under the {@link AppointmentPolicy}, audited: the
 * appointment is loaded, the policy decides, the work and its GRANTED audit row commit in one
 * transaction ({@link #decide} skips the transaction where only the audit row is written); any refusal (by the policy, or by the work itself, such as a conflicting state)
 * is audited as DENIED with its reason and reaches the caller as an {@link ApiException}.
 */
@Component
public class AppointmentAccess {

    private final AppointmentRepository appointments;
    private final AppointmentPolicy policy;
    private final AuditLog audit;
    private final TransactionalOperator transaction;

    AppointmentAccess(AppointmentRepository appointments, AppointmentPolicy policy, AuditLog audit,
            TransactionalOperator transaction) {
        this.appointments = appointments;
        this.policy = policy;
        this.audit = audit;
        this.transaction = transaction;
    }

    public <T> Mono<T> perform(Actor actor, UUID id, AppointmentAction action, Function<Appointment, Mono<T>> work) {
        return perform(actor, id, action, ProblemReason.NOT_FOUND, work);
    }

    /**
     * As {@link #perform(Actor, UUID, AppointmentAction, Function)}, answering {@code hidden} (a 404
     * reason) both for an unknown id and for an appointment the actor may not see.
     */
    public <T> Mono<T> perform(Actor actor, UUID id, AppointmentAction action, Reason hidden,
            Function<Appointment, Mono<T>> work) {
        return run(actor, id, action, hidden,
                appointment -> transaction.transactional(audited(actor, id, action, work.apply(appointment))));
    }

    /**
     * For decisions that change nothing but the audit log (joining, reading): the same checks and
     * audit rows without a transaction around them, so {@code work} may write at most one
     * idempotent row of its own.
     */
    public <T> Mono<T> decide(Actor actor, UUID id, AppointmentAction action, Reason hidden,
            Function<Appointment, Mono<T>> work) {
        return run(actor, id, action, hidden, appointments.findById(id), Function.identity(),
                appointment -> audited(actor, id, action, work.apply(appointment)));
    }

    /**
     * As {@link #decide(Actor, UUID, AppointmentAction, Reason, Function)}, for work that needs more
     * than the appointment: {@code row} reads the appointment together with it in one query (empty
     * when there is no such appointment), and the policy decides on {@code appointmentOf} the row.
     */
    public <R, T> Mono<T> decide(Actor actor, UUID id, AppointmentAction action, Reason hidden,
            Mono<R> row, Function<R, Appointment> appointmentOf, Function<R, Mono<T>> work) {
        return run(actor, id, action, hidden, row, appointmentOf, found -> audited(actor, id, action, work.apply(found)));
    }

    private <T> Mono<T> run(Actor actor, UUID id, AppointmentAction action, Reason hidden,
            Function<Appointment, Mono<T>> granted) {
        return run(actor, id, action, hidden, appointments.findById(id), Function.identity(), granted);
    }

    private <R, T> Mono<T> run(Actor actor, UUID id, AppointmentAction action, Reason hidden,
            Mono<R> row, Function<R, Appointment> appointmentOf, Function<R, Mono<T>> granted) {
        return row
                .switchIfEmpty(Mono.error(() -> notFound(id, hidden)))
                .flatMap(found -> authorize(actor, action, appointmentOf.apply(found), hidden).thenReturn(found))
                .flatMap(granted)
                .onErrorResume(ApiException.class, refused -> audit.denied(actor, id, action, refused.reason())
                        .then(Mono.error(refused)));
    }

    private <T> Mono<T> audited(Actor actor, UUID id, AppointmentAction action, Mono<T> work) {
        return work.flatMap(result -> audit.granted(actor, id, action).thenReturn(result));
    }

    private Mono<Appointment> authorize(Actor actor, AppointmentAction action, Appointment appointment, Reason hidden) {
        return policy.refusal(actor.user(), action, appointment)
                .map(reason -> reason == ProblemReason.NOT_FOUND
                        ? Mono.<Appointment>error(notFound(appointment.id(), hidden))
                        : Mono.<Appointment>error(new ApiException(reason, "this user may not " + describe(action) + " this appointment")))
                .orElseGet(() -> Mono.just(appointment));
    }

    private static ApiException notFound(UUID id, Reason reason) {
        return new ApiException(reason, "no appointment " + id + " for this user");
    }

    private static String describe(AppointmentAction action) {
        return action.name().toLowerCase().replace('_', ' ');
    }
}
