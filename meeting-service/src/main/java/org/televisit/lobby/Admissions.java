package org.televisit.lobby;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.televisit.appointment.Appointment;
import org.televisit.security.Actor;
import org.televisit.web.ApiException;
import org.televisit.web.Reason;
import reactor.core.publisher.Mono;

/**
 * Whether a party that must knock has been let in: its latest knock for the appointment decides.
 * Approved: it may join. Pending: KNOCK_PENDING. Rejected: KNOCK_REJECTED with the doctor's
 * reason. Nothing open (never knocked, withdrawn, expired): KNOCK_REQUIRED.
 */
@Component
public class Admissions {

    /** The join denials this check gives (their names are the join contract's). */
    public enum Knock implements Reason {
        KNOCK_REQUIRED(HttpStatus.FORBIDDEN), KNOCK_PENDING(HttpStatus.CONFLICT), KNOCK_REJECTED(HttpStatus.FORBIDDEN);

        private final HttpStatus status;

        Knock(HttpStatus status) {
            this.status = status;
        }

        @Override
        public HttpStatus status() {
            return status;
        }
    }

    private final LobbyRepository lobby;
    private final LobbyProperties properties;
    private final Clock clock;

    Admissions(LobbyRepository lobby, LobbyProperties properties, Clock clock) {
        this.lobby = lobby;
        this.properties = properties;
        this.clock = clock;
    }

    /** Completes if the actor's knock was approved; otherwise errors with the reason it may not enter. */
    public Mono<Void> requireAdmitted(Actor actor, Appointment appointment) {
        return lobby.latest(appointment.id(), actor.id())
                .switchIfEmpty(Mono.error(() -> refusal(Knock.KNOCK_REQUIRED, "ask the doctor to let you in first")))
                .flatMap(request -> switch (request.status()) {
                    case APPROVED -> Mono.<Void>empty();
                    case PENDING -> expired(request)
                            ? Mono.<Void>error(refusal(Knock.KNOCK_REQUIRED, "your request expired; ask again"))
                            : Mono.<Void>error(refusal(Knock.KNOCK_PENDING, "the doctor has not answered your request yet"));
                    case REJECTED -> Mono.<Void>error(new ApiException(Knock.KNOCK_REJECTED, "the doctor declined your request to join",
                            request.reason() == null ? Map.of() : Map.of("rejectionReason", request.reason())));
                    case CANCELLED, EXPIRED -> Mono.<Void>error(refusal(Knock.KNOCK_REQUIRED, "ask the doctor to let you in first"));
                });
    }

    boolean expired(LobbyRequest request) {
        return !Instant.now(clock).isBefore(request.requestedAt().plus(properties.requestTtl()));
    }

    private static ApiException refusal(Knock reason, String detail) {
        return new ApiException(reason, detail);
    }
}
