package org.televisit.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test's client of one server-sent event stream, read the way a browser's EventSource reads it:
 * frames are queued as they arrive, event frames and comments apart. {@link #open} returns once the
 * server's opening comment has arrived, that is once the stream is live.
 */
public final class EventStream implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Object END = new Object();

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final Disposable subscription;

    /** One frame with an event: its id, type and JSON data as a map. */
    public record Frame(long id, String type, Map<String, Object> data) {
    }

    private EventStream(String url, Consumer<HttpHeaders> headers) {
        subscription = WebClient.create().get().uri(url).headers(headers).accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .doOnTerminate(() -> events.add(END))
                .subscribe(frame -> {
                    if (frame.event() != null) {
                        events.add(frame);
                    } else if (frame.comment() != null) {
                        comments.add(frame.comment());
                    }
                }, failure -> events.add(failure));
    }

    /** Opens {@code url} (absolute) with {@code headers} and waits until it is live. */
    public static EventStream open(String url, Consumer<HttpHeaders> headers) {
        EventStream stream = new EventStream(url, headers);
        assertThat(stream.nextComment()).as("the stream's opening comment").isEqualTo("open");
        return stream;
    }

    /** The next event frame; fails if none arrives within {@link #WAIT} or the stream ends. */
    public Frame next() {
        return next(WAIT);
    }

    /** The next event frame; fails if none arrives within {@code wait} or the stream ends. */
    public Frame next(Duration wait) {
        Object next = poll(events, wait);
        assertThat(next).as("an event frame within " + wait).isNotNull().isInstanceOf(ServerSentEvent.class);
        ServerSentEvent<?> frame = (ServerSentEvent<?>) next;
        @SuppressWarnings("unchecked")
        Map<String, Object> data = JSON.readValue((String) frame.data(), Map.class);
        return new Frame(Long.parseLong(frame.id()), frame.event(), data);
    }

    /** The next event frame, which must be of {@code type}. */
    public Frame next(String type) {
        return next(type, WAIT);
    }

    /** The next event frame, arriving within {@code wait}, which must be of {@code type}. */
    public Frame next(String type, Duration wait) {
        Frame frame = next(wait);
        assertThat(frame.type()).as("the type of event " + frame).isEqualTo(type);
        return frame;
    }

    /** Asserts that no event frame arrives for {@code quiet}. */
    public void expectNothingFor(Duration quiet) {
        assertThat(poll(events, quiet)).as("no event frame").isNull();
    }

    public String nextComment() {
        return poll(comments, WAIT);
    }

    /** Waits for the server to end the stream. */
    public void expectEnd() {
        Object next = poll(events, WAIT);
        assertThat(next).as("the end of the stream").isSameAs(END);
    }

    @Override
    public void close() {
        subscription.dispose();
    }

    private static <T> T poll(BlockingQueue<T> queue, Duration wait) {
        try {
            return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
