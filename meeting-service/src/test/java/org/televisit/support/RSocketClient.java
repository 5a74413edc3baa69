package org.televisit.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.metadata.WellKnownMimeType;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.messaging.rsocket.RSocketStrategies;
import org.springframework.security.rsocket.metadata.BearerTokenAuthenticationEncoder;
import org.springframework.security.rsocket.metadata.BearerTokenMetadata;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test's RSocket client of {@code /rsocket} over WebSocket, as an app would connect: the user's
 * bearer token in SETUP, JSON payloads. Reads refusals as the problems their error frames carry,
 * and queues a stream's frames as they arrive.
 */
public final class RSocketClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final MimeType AUTHENTICATION = MimeTypeUtils.parseMimeType(WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getString());
    private static final ParameterizedTypeReference<Map<String, Object>> FRAME = new ParameterizedTypeReference<>() { };
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RSocketRequester requester;

    private RSocketClient(RSocketRequester requester) {
        this.requester = requester;
    }

    /** A connection (made lazily, on the first request) to the server on {@code port} as the holder of {@code token}. */
    public static RSocketClient connect(RSocketStrategies strategies, int port, String token) {
        return new RSocketClient(RSocketRequester.builder()
                .rsocketStrategies(strategies.mutate().encoder(new BearerTokenAuthenticationEncoder()).build())
                .dataMimeType(MediaType.APPLICATION_JSON)
                .setupMetadata(new BearerTokenMetadata(token), AUTHENTICATION)
                .websocket(URI.create("ws://localhost:" + port + "/rsocket")));
    }

    public RSocketRequester requester() {
        return requester;
    }

    /** The answer of request-response {@code route} with {@code data}, as JSON. */
    public Map<String, Object> request(String route, Object data, Object... routeVariables) {
        return requester.route(route, routeVariables).data(data).retrieveMono(FRAME).block(WAIT);
    }

    /** The problem that the error frame answering {@code call} carries. */
    public static Map<String, Object> problem(Runnable call) {
        Throwable error;
        try {
            call.run();
            throw new AssertionError("the call was expected to be refused");
        } catch (RuntimeException e) {
            error = Exceptions.unwrap(e);
        }
        assertThat(error).isInstanceOf(ApplicationErrorException.class);
        return JSON.readValue(error.getMessage(), new TypeReference<Map<String, Object>>() { });
    }

    /** Subscribes to request-stream {@code route} with {@code data}; its frames (and its error, if any) are queued. */
    public Frames stream(String route, Object data, Object... routeVariables) {
        return new Frames(requester.route(route, routeVariables).data(data));
    }

    @Override
    public void close() {
        requester.dispose();
    }

    /** The frames of one request-stream, queued as they arrive. */
    public static final class Frames implements AutoCloseable {

        private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
        private final Disposable subscription;

        private Frames(RSocketRequester.RetrieveSpec stream) {
            subscription = stream.retrieveFlux(FRAME).subscribe(frames::add, frames::add);
        }

        /** The next frame; fails if none comes within {@link #WAIT} or the stream failed. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> next() throws InterruptedException {
            Object frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(frame).as("a frame within " + WAIT).isNotNull().isNotInstanceOf(Throwable.class);
            return (Map<String, Object>) frame;
        }

        /** The next frame of {@code type}, skipping others (appointment changes, say). */
        public Map<String, Object> next(String type) throws InterruptedException {
            Map<String, Object> frame = next();
            while (!type.equals(frame.get("event"))) {
                frame = next();
            }
            return frame;
        }

        /** The error that ended the stream, as its problem; fails if a frame or nothing comes instead. */
        public Map<String, Object> problem() throws InterruptedException {
            Object frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(frame).as("an error within " + WAIT).isInstanceOf(ApplicationErrorException.class);
            return JSON.readValue(((Throwable) frame).getMessage(), new TypeReference<Map<String, Object>>() { });
        }

        @Override
        public void close() {
            subscription.dispose();
        }
    }
}
