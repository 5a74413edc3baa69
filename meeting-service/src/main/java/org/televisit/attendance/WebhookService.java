package org.televisit.attendance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.televisit.appointment.Appointment;
import org.televisit.audit.AuditLog;
import org.televisit.audit.AuditOutcome;
import org.televisit.jitsi.JitsiProperties;
import org.televisit.security.Identity;
import org.televisit.web.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Receives the video service's webhooks: proves the sender (JaaS: the signed header; Prosody: the
 * shared secret), maps the room to its appointment and the participant to the party whose user id
 * Televisit put in the Jitsi token, and applies the change of presence. A delivery's key is stored
 * in the transaction of its effect, so a duplicate (even a concurrent one) has none. Every decision
 * is audited; a refusal changes nothing. A participant that is no party, a repeated or out-of-order
 * report and events Televisit does not use are accepted (2xx, so the sender does not retry) and
 * change nothing.
 */
@Service
class WebhookService {

    /** What a webhook call did, as its answer, the audit log and the metrics name it. */
    enum Outcome {
        /** A party's presence changed. */
        APPLIED,
        /** Recorded, but no party's presence changed (a repeat, or older than what is known). */
        NO_CHANGE,
        /** A delivery already received. */
        DUPLICATE,
        /** The participant is none of the appointment's parties (no user id, or another one). */
        NOT_A_PARTY,
        /** A room event that changed nobody's presence. */
        ROOM_EVENT,
        /** An event type Televisit does not use. */
        IGNORED
    }

    private final CallProperties properties;
    private final JitsiProperties jitsi;
    private final CallPresenceRepository repository;
    private final CallPresence presence;
    private final AuditLog audit;
    private final TransactionalOperator transaction;
    private final AttendanceMetrics metrics;
    private final Clock clock;

    WebhookService(CallProperties properties, JitsiProperties jitsi, CallPresenceRepository repository, CallPresence presence,
            AuditLog audit, TransactionalOperator transaction, AttendanceMetrics metrics, Clock clock) {
        this.properties = properties;
        this.jitsi = jitsi;
        this.repository = repository;
        this.presence = presence;
        this.audit = audit;
        this.transaction = transaction;
        this.metrics = metrics;
        this.clock = clock;
    }

    Mono<Outcome> jaas(byte[] body, String signature, String clientAddress) {
        return received(WebhookEvent.JAAS, clientAddress, () -> {
            if (!properties.jaasEnabled()) {
                throw WebhookRefusal.WEBHOOK_NOT_CONFIGURED.exception();
            }
            JaasSignature.refusal(signature, body, properties.jaasWebhookSecret(), Instant.now(clock), properties.webhookTolerance())
                    .ifPresent(refusal -> {
                        throw refusal.exception();
                    });
            return WebhookEvent.jaas(body, jitsi.jaasTenant());
        });
    }

    Mono<Outcome> prosody(byte[] body, String authorization, String clientAddress) {
        return received(WebhookEvent.PROSODY, clientAddress, () -> {
            if (!properties.prosodyEnabled()) {
                throw WebhookRefusal.WEBHOOK_NOT_CONFIGURED.exception();
            }
            byte[] expected = ("Bearer " + properties.prosodyWebhookSecret()).getBytes(StandardCharsets.UTF_8);
            byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(expected, given)) {
                throw WebhookRefusal.WEBHOOK_SECRET_INVALID.exception();
            }
            return WebhookEvent.prosody(body);
        });
    }

    /** Proves and reads the call ({@code read} throws its refusal), then applies it; a refusal is audited and counted. */
    private Mono<Outcome> received(String sender, String clientAddress, Supplier<WebhookEvent> read) {
        List<CallPresence.Applied> changes = new CopyOnWriteArrayList<>();
        return Mono.fromSupplier(read)
                .flatMap(event -> apply(event, clientAddress, changes))
                .doOnNext(outcome -> {
                    metrics.webhook(sender, outcome.name());
                    changes.stream().filter(CallPresence.Applied::changed).forEach(applied -> {
                        metrics.changed(applied.change().source(), applied.change().change());
                        metrics.arrived(applied.arrivalAfterStart());
                    });
                })
                .onErrorResume(ApiException.class, refused -> auditRefusal(sender, clientAddress, refused)
                        .doOnSuccess(done -> metrics.webhook(sender, refused.reason().name()))
                        .then(Mono.error(refused)));
    }

    /**
     * A refused call is audited, except on a server where the webhook is not configured at all:
     * there every caller is a stranger, and the audit log (which nothing may delete) is no place
     * for what anyone on the internet can send; the refusal is counted in the metrics instead.
     */
    private Mono<Void> auditRefusal(String sender, String clientAddress, ApiException refused) {
        return refused.reason() == WebhookRefusal.WEBHOOK_NOT_CONFIGURED ? Mono.empty()
                : audit.webhook(sender, clientAddress, null, CallAction.CALL_WEBHOOK, AuditOutcome.DENIED, refused.reason().name());
    }

    private Mono<Outcome> apply(WebhookEvent event, String clientAddress, List<CallPresence.Applied> changes) {
        if (event.kind() == WebhookEvent.Kind.OTHER) {
            return audit.webhook(event.sender(), clientAddress, null, CallAction.CALL_WEBHOOK, AuditOutcome.GRANTED, Outcome.IGNORED.name())
                    .thenReturn(Outcome.IGNORED);
        }
        Mono<Appointment> appointment = event.room() == null ? Mono.empty() : repository.appointmentOfRoom(event.room());
        return appointment
                .switchIfEmpty(Mono.error(WebhookRefusal.UNKNOWN_ROOM::exception))
                .flatMap(found -> transaction.transactional(repository.firstDelivery(event.sender(), event.key(), Instant.now(clock))
                        .flatMap(first -> first ? effect(found, event, clientAddress, changes) : Mono.just(Outcome.DUPLICATE))
                        .flatMap(outcome -> audit.webhook(event.sender(), clientAddress, found.id(), CallAction.CALL_WEBHOOK,
                                AuditOutcome.GRANTED, outcome.name()).thenReturn(outcome))));
    }

    private Mono<Outcome> effect(Appointment appointment, WebhookEvent event, String clientAddress, List<CallPresence.Applied> changes) {
        return switch (event.kind()) {
            case JOINED, LEFT -> partyOf(appointment, event.userId())
                    .map(party -> change(appointment, new PresenceChange(appointment.id(), party, event.name(),
                            event.kind() == WebhookEvent.Kind.JOINED ? PresenceChange.Change.JOINED : PresenceChange.Change.LEFT,
                            PresenceChange.JITSI, event.at(), event.connection()), event, clientAddress, changes)
                            .map(changed -> changed ? Outcome.APPLIED : Outcome.NO_CHANGE))
                    .orElseGet(() -> Mono.just(Outcome.NOT_A_PARTY));
            case ROOM_DESTROYED -> repository.inCall(appointment.id())
                    .filter(joined -> !joined.at().isAfter(event.at()))
                    .sort(Comparator.comparing((PresenceChange joined) -> joined.party().key()))
                    .collectList()
                    // Every party's lock before any event is published (publishing takes the event writers' lock):
                    // a concurrent change of one of these parties then cannot hold its lock while waiting for ours.
                    .flatMap(leaving -> Flux.fromIterable(leaving).concatMap(joined -> repository.lock(appointment.id(), joined.party()))
                            .then(Flux.fromIterable(leaving)
                                    .concatMap(joined -> change(appointment, new PresenceChange(appointment.id(), joined.party(),
                                            joined.name(), PresenceChange.Change.LEFT, PresenceChange.JITSI, event.at(),
                                            joined.connection()), event,
                                            clientAddress, changes))
                                    .reduce(false, Boolean::logicalOr)))
                    .map(changed -> changed ? Outcome.APPLIED : Outcome.ROOM_EVENT);
            case ROOM_CREATED, OTHER -> Mono.just(Outcome.ROOM_EVENT);
        };
    }

    private Mono<Boolean> change(Appointment appointment, PresenceChange change, WebhookEvent event, String clientAddress,
            List<CallPresence.Applied> changes) {
        return presence.apply(appointment, change).flatMap(applied -> {
            changes.add(applied);
            if (!applied.changed()) {
                return Mono.just(false);
            }
            CallAction action = change.change() == PresenceChange.Change.JOINED ? CallAction.JOINED_CALL : CallAction.LEFT_CALL;
            return audit.webhook(event.sender(), clientAddress, appointment.id(), action, AuditOutcome.GRANTED,
                    change.party().role().name()).thenReturn(true);
        });
    }

    /** The one party whose id the participant's token carried; none when it carried none, or an id of no party (or of two). */
    private static Optional<Identity> partyOf(Appointment appointment, String userId) {
        if (userId == null) {
            return Optional.empty();
        }
        List<Identity> matching = appointment.parties().stream().filter(party -> party.id().equals(userId)).toList();
        return matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
    }
}
