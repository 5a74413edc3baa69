package org.televisit.rsocket;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Controller;
import org.televisit.events.EventJson;
import org.televisit.events.StoredEvent;
import org.televisit.lobby.LobbyRequest;
import org.televisit.lobby.LobbyService;
import org.televisit.security.Actor;
import org.televisit.security.CurrentActor;
import org.televisit.stream.EventStreams;
import org.televisit.stream.StreamMetrics;
import org.televisit.web.ApiException;
import org.televisit.web.FreeText;
import org.televisit.web.ProblemReason;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The RSocket routes of DESIGN.md, over WebSocket at {@code /rsocket}. The connection was
 * authenticated in SETUP; every route acts as that user, with the same services, access rules,
 * audit and rate limits as the HTTP API. Refusals become error frames (see {@link RSocketErrors}).
 */
@Controller
class RSocketLobbyController {


    private final EventStreams streams;
    private final StreamMetrics metrics;
    private final LobbyService lobby;
    private final Clock clock;

    RSocketLobbyController(EventStreams streams, StreamMetrics metrics, LobbyService lobby, Clock clock) {
        this.clock = clock;
        this.streams = streams;
        this.metrics = metrics;
        this.lobby = lobby;
    }

    /** Where a stream starts: after the event id the client saw last, or (when absent) from now. */
    record Resume(Long after) {
    }

    /** One event, as in an SSE frame: its id, its type, and the same JSON an SSE {@code data:} line carries. */
    record EventFrame(long id, String event, JsonNode data) {

        static EventFrame of(StoredEvent stored) {
            return new EventFrame(stored.id(), stored.event().type(), EventJson.tree(stored.event()));
        }
    }

    record KnockRequest(UUID appointmentId) {
    }

    enum Verdict { APPROVE, REJECT }

    record DecisionRequest(UUID appointmentId, UUID requestId, Verdict decision, String reason) {
    }

    /** Request-stream: one appointment's events, for its parties only, until the SETUP token expires or the instance stops. */
    @MessageMapping("appointments.{id}.events")
    Flux<EventFrame> events(@DestinationVariable("id") String route, @Payload(required = false) Resume resume) {
        UUID id = appointmentId(route);
        if (resume != null && resume.after() != null && resume.after() < 0) {
            return Flux.error(RSocketErrors.frame(ApiException.invalidField(ProblemReason.INVALID_VALUE, "after",
                    "an event id is a non-negative whole number")));
        }
        OptionalLong after = resume == null || resume.after() == null ? OptionalLong.empty() : OptionalLong.of(resume.after());
        return actor().flatMapMany(actor -> streams.appointment(actor, id, after)
                .flatMapMany(events -> metrics.track(events, StreamMetrics.RSOCKET, after.isPresent()).map(EventFrame::of)))
                // A stream that ends (overflow, SHUTTING_DOWN, INVALID_TOKEN) says why in its error frame.
                .onErrorMap(RSocketErrors::frame);
    }

    /** Request-response: knock on an appointment's lobby; answers the (new or still pending) request. */
    @MessageMapping("lobby.knock")
    Mono<LobbyRequest> knock(@Payload(required = false) KnockRequest knock) {
        require(knock == null ? null : knock.appointmentId(), "appointmentId");
        return actor().flatMap(actor -> lobby.knock(actor, knock.appointmentId())).map(LobbyService.Knock::request);
    }

    /** Request-response: the doctor approves or rejects a pending request; answers the decided request. */
    @MessageMapping("lobby.decide")
    Mono<LobbyRequest> decide(@Payload(required = false) DecisionRequest decision) {
        require(decision, "appointmentId");
        require(decision.appointmentId(), "appointmentId");
        require(decision.requestId(), "requestId");
        require(decision.decision(), "decision");
        if (decision.decision() == Verdict.APPROVE && decision.reason() != null && !decision.reason().isBlank()) {
            throw ApiException.invalidField(ProblemReason.VALIDATION_FAILED, "reason", "a reason goes with a rejection only");
        }
        return actor().flatMap(actor -> decision.decision() == Verdict.APPROVE
                ? lobby.approve(actor, decision.appointmentId(), decision.requestId())
                : lobby.reject(actor, decision.appointmentId(), decision.requestId(), decision.reason()));
    }

    /**
     * The connection's user, refused once its SETUP token has expired: a connection must not outlive
     * it. (RSocket does not tell a handler the peer's address, so RSocket decisions are audited without one.)
     */
    private Mono<Actor> actor() {
        return CurrentActor.get().flatMap(actor -> actor.expired(clock.instant()) ? Mono.error(expired()) : Mono.just(actor));
    }

    private static ApiException expired() {
        return new ApiException(ProblemReason.INVALID_TOKEN, "the connection's token has expired; connect again with a fresh one");
    }

    /** The route's appointment id; the route variable is text, so a malformed one is refused like an HTTP path's. */
    private static UUID appointmentId(String route) {
        try {
            return UUID.fromString(route);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(ProblemReason.INVALID_VALUE, "id",
                    "id: '" + FreeText.Rule.shown(route) + "' is not an appointment id (a UUID)");
        }
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw ApiException.invalidField(ProblemReason.VALIDATION_FAILED, field, "is required");
        }
    }
}
