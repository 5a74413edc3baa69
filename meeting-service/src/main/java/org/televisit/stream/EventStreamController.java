package org.televisit.stream;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.televisit.events.EventJson;
import org.televisit.events.StoredEvent;
import org.televisit.events.StreamOverflowException;
import org.televisit.lobby.LobbyProperties;
import org.televisit.security.Actor;
import org.televisit.security.StreamTickets;
import org.televisit.web.ApiException;
import org.televisit.web.ProblemReason;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;

/**
 * The server-sent event streams of DESIGN.md. Each frame is {@code id:} the event id,
 * {@code event:} its type, {@code data:} its JSON. A client resumes after the last id it saw
 * ({@code Last-Event-ID} header, which EventSource sends on reconnect, or the {@code lastEventId}
 * query parameter). Idle streams get a comment every heartbeat. A client that falls too far
 * behind gets a closing comment and reconnects from its last id, losing nothing.
 */
@RestController
class EventStreamController {

    static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);
    private static final int MAX_ID_DIGITS = 18;

    private final EventStreams streams;
    private final StreamTickets tickets;
    private final StreamMetrics metrics;
    private final Duration heartbeat;

    EventStreamController(EventStreams streams, StreamTickets tickets, StreamMetrics metrics, LobbyProperties lobby) {
        this.streams = streams;
        this.metrics = metrics;
        this.tickets = tickets;
        this.heartbeat = lobby.heartbeat();
    }

    @GetMapping(path = "/api/appointments/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> appointment(Actor actor, @PathVariable UUID id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(required = false) String lastEventId) {
        OptionalLong after = resumeAfter(lastEventIdHeader, lastEventId);
        return streams.appointment(actor, id, after).map(events -> respond(metrics.track(events, StreamMetrics.SSE, after.isPresent())));
    }

    @GetMapping(path = "/api/me/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> mine(Actor actor,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(required = false) String lastEventId) {
        OptionalLong after = resumeAfter(lastEventIdHeader, lastEventId);
        return streams.mine(actor, after).map(events -> respond(metrics.track(events, StreamMetrics.SSE, after.isPresent())));
    }

    @PostMapping(path = "/api/stream-tickets", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<StreamTickets.Ticket>> ticket(Actor actor) {
        return tickets.issue(actor).map(ticket -> ResponseEntity.status(HttpStatus.CREATED)
                .cacheControl(CacheControl.noStore()).body(ticket));
    }

    private ResponseEntity<Flux<ServerSentEvent<String>>> respond(Flux<StoredEvent> events) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                // Tells nginx (and proxies that honour it) to pass frames through at once.
                .header("X-Accel-Buffering", "no")
                .body(frames(events));
    }

    /** The events as frames, interleaved with heartbeats until the events end, then why they ended. */
    private Flux<ServerSentEvent<String>> frames(Flux<StoredEvent> events) {
        // A stream that ends says why as its last comment; EventSource then reconnects by itself
        // (through the load balancer, to another instance if this one stops).
        Flux<ServerSentEvent<String>> eventFrames = events
                .map(stored -> ServerSentEvent.builder(EventJson.write(stored.event()))
                        .id(Long.toString(stored.id())).event(stored.event().type()).build())
                .onErrorResume(StreamOverflowException.class, overflow -> Flux.just(comment(
                        "overflow: this client fell behind; reconnect with Last-Event-ID to resume")))
                .onErrorResume(ended(ProblemReason.SHUTTING_DOWN), stopping -> Flux.just(comment(
                        "shutdown: this server is stopping; reconnect with Last-Event-ID to resume")))
                .onErrorResume(ended(ProblemReason.INVALID_TOKEN), expired -> Flux.just(comment(
                        "token expired: reconnect with a fresh token or ticket, and Last-Event-ID to resume")));
        Flux<ServerSentEvent<String>> opening = Flux.just(ServerSentEvent.<String>builder().comment("open").retry(RECONNECT_DELAY).build());
        Flux<ServerSentEvent<String>> heartbeats = Flux.interval(heartbeat).map(tick -> comment("heartbeat"));
        // The event frames are subscribed first, so the stream is live before the opening comment is sent.
        return Flux.merge(eventFrames.materialize(), opening.concatWith(heartbeats).map(Signal::next))
                .dematerialize();
    }

    private static Predicate<Throwable> ended(ProblemReason reason) {
        return error -> error instanceof ApiException refusal && refusal.reason() == reason;
    }

    private static ServerSentEvent<String> comment(String text) {
        return ServerSentEvent.<String>builder().comment(text).build();
    }

    /** The header wins over the query parameter: EventSource sends the newer id in the header on reconnect. */
    private static OptionalLong resumeAfter(String header, String query) {
        String value = header != null && !header.isBlank() ? header : query;
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        String trimmed = value.trim();
        if (trimmed.length() > MAX_ID_DIGITS || !trimmed.chars().allMatch(Character::isDigit)) {
            throw ApiException.invalidField(ProblemReason.INVALID_VALUE, header != null && !header.isBlank() ? "Last-Event-ID" : "lastEventId",
                    "an event id is a non-negative whole number, as sent in the id: field");
        }
        return OptionalLong.of(Long.parseLong(trimmed));
    }
}
