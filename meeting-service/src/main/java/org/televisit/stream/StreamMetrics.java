package org.televisit.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import org.televisit.events.EventBus;
import org.televisit.events.StoredEvent;
import org.televisit.events.StreamOverflowException;
import reactor.core.publisher.Flux;

/**
 * Meters of event delivery, per transport (sse, rsocket): streams open now, resumes that
 * replayed, streams ended because their client fell behind, and the time from an event's commit
 * (its row's time) to its frame being handed to the transport. Also the bus's own counts:
 * listener reconnects and the ids it caught up from the table after one.
 */
@Component
public class StreamMetrics {

    public static final String SSE = "sse";
    public static final String RSOCKET = "rsocket";

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    StreamMetrics(MeterRegistry registry, EventBus bus) {
        this.registry = registry;
        Gauge.builder("televisit.events.listener.up", bus, listening -> listening.isListening() ? 1 : 0)
                .description("1 while this instance's LISTEN connection is up, else 0 (the instance is then not ready)").register(registry);
        FunctionCounter.builder("televisit.events.listener.reconnects", bus.listener(), listener -> listener.reconnects())
                .description("Times this instance's LISTEN connection was re-established").register(registry);
        FunctionCounter.builder("televisit.events.gap.caught.up", bus.listener(), listener -> listener.gapIds())
                .description("Events read from the table after a listener reconnect (their NOTIFY was missed)").register(registry);
    }

    /** {@code events} as delivered to one client of {@code transport}; {@code resumed}: it asked to resume after an id. */
    public Flux<StoredEvent> track(Flux<StoredEvent> events, String transport, boolean resumed) {
        AtomicInteger gauge = open.computeIfAbsent(transport, name -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("televisit.streams.open", count, AtomicInteger::get).description("Event streams open on this instance")
                    .tag("transport", name).register(registry);
            return count;
        });
        Timer delivery = Timer.builder("televisit.stream.delivery").description("From an event's commit to its frame on a stream")
                .tag("transport", transport).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        if (resumed) {
            counter("televisit.stream.resumes", "Streams opened with a resume id (their missed events replayed)", transport).increment();
        }
        return events
                .doOnSubscribe(subscription -> gauge.incrementAndGet())
                .doOnNext(stored -> delivery.record(Duration.between(stored.createdAt(), Instant.now()).abs()))
                .doOnError(StreamOverflowException.class, overflow ->
                        counter("televisit.stream.overflows", "Streams ended because their client fell behind", transport).increment())
                .doFinally(signal -> gauge.decrementAndGet());
    }

    private Counter counter(String name, String description, String transport) {
        return Counter.builder(name).description(description).tag("transport", transport).register(registry);
    }
}
