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
 * transaction; any refusal (by the policy, or by the work itself, such as a conflicting state)
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
        return appointments.findById(id)
                .switchIfEmpty(Mono.error(() -> notFound(id, hidden)))
                .flatMap(appointment -> authorize(actor, action, appointment, hidden))
                .flatMap(appointment -> transaction.transactional(work.apply(appointment)
                        .flatMap(result -> audit.granted(actor, id, action).thenReturn(result))))
                .onErrorResume(ApiException.class, refused -> audit.denied(actor, id, action, refused.reason())
                        .then(Mono.error(refused)));
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
