package org.televisit.rsocket;

import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.televisit.events.EventJson;
import org.televisit.events.StoredEvent;
import org.televisit.lobby.LobbyRequest;
import org.televisit.lobby.LobbyService;
import org.televisit.security.Actor;
import org.televisit.security.User;
import org.televisit.stream.EventStreams;
import org.televisit.stream.StreamMetrics;
import org.televisit.stream.StreamShutdown;
import org.televisit.web.ApiException;
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

    private static final int MAX_REASON_LENGTH = 500;

    private final EventStreams streams;
    private final StreamMetrics metrics;
    private final StreamShutdown shutdown;
    private final LobbyService lobby;

    RSocketLobbyController(EventStreams streams, StreamMetrics metrics, StreamShutdown shutdown, LobbyService lobby) {
        this.streams = streams;
        this.metrics = metrics;
        this.shutdown = shutdown;
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

    /** Request-stream: one appointment's events, for its parties only. */
    @MessageMapping("appointments.{id}.events")
    Flux<EventFrame> events(@AuthenticationPrincipal User user, @DestinationVariable UUID id, @Payload(required = false) Resume resume) {
        OptionalLong after = OptionalLong.empty();
        if (resume != null && resume.after() != null) {
            if (resume.after() < 0) {
                return Flux.error(ApiException.invalidField(ProblemReason.INVALID_VALUE, "after", "an event id is a non-negative whole number"));
            }
            after = OptionalLong.of(resume.after());
        }
        boolean resumed = after.isPresent();
        return streams.appointment(actor(user), id, after)
                .flatMapMany(events -> metrics.track(events, StreamMetrics.RSOCKET, resumed)
                        .takeUntilOther(shutdown.signal())
                        .map(EventFrame::of)
                        .concatWith(Flux.defer(() -> shutdown.stopping() ? Flux.error(new ApiException(ProblemReason.SHUTTING_DOWN,
                                "this server is stopping; request the stream again with the last id received as after")) : Flux.empty())))
                .onErrorMap(RSocketErrors::frame);
    }

    /** Request-response: knock on an appointment's lobby; answers the (new or still pending) request. */
    @MessageMapping("lobby.knock")
    Mono<LobbyRequest> knock(@AuthenticationPrincipal User user, @Payload KnockRequest knock) {
        require(knock.appointmentId(), "appointmentId");
        return lobby.knock(actor(user), knock.appointmentId()).map(LobbyService.Knock::request);
    }

    /** Request-response: the doctor approves or rejects a pending request; answers the decided request. */
    @MessageMapping("lobby.decide")
    Mono<LobbyRequest> decide(@AuthenticationPrincipal User user, @Payload DecisionRequest decision) {
        require(decision.appointmentId(), "appointmentId");
        require(decision.requestId(), "requestId");
        require(decision.decision(), "decision");
        String reason = decision.reason() == null || decision.reason().isBlank() ? null : decision.reason().trim();
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw ApiException.invalidField(ProblemReason.VALIDATION_FAILED, "reason", "at most " + MAX_REASON_LENGTH + " characters");
        }
        if (decision.decision() == Verdict.APPROVE && reason != null) {
            throw ApiException.invalidField(ProblemReason.VALIDATION_FAILED, "reason", "a reason goes with a rejection only");
        }
        Actor actor = actor(user);
        return decision.decision() == Verdict.APPROVE
                ? lobby.approve(actor, decision.appointmentId(), decision.requestId())
                : lobby.reject(actor, decision.appointmentId(), decision.requestId(), reason);
    }

    /** RSocket does not tell a handler the peer's address, so RSocket decisions are audited without one. */
    private static Actor actor(User user) {
        return new Actor(user, null);
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw ApiException.invalidField(ProblemReason.VALIDATION_FAILED, field, "is required");
        }
    }
}
