package org.televisit.events;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Delivers committed {@link StoredEvent}s to this instance's subscribers, whichever instance
 * wrote them. One dedicated connection LISTENs on {@value #CHANNEL}; every notification (and
 * every reconnect of that connection) makes the bus read all rows after the last id it
 * delivered, so a notification lost while the listener was away leaves no gap. Each subscriber
 * has a bounded buffer: one that falls {@code capacity} events behind gets a
 * {@link StreamOverflowException} instead of slowing the others or growing memory.
 */
public final class EventBus implements AutoCloseable {

    public static final String CHANNEL = "lobby_event";

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final EventStore store;
    private final ConnectionFactory listenerConnections;
    private final int capacity;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastDelivered = new AtomicLong(-1);
    private final Sinks.Many<Boolean> listening = Sinks.many().replay().latest();
    private final AtomicBoolean up = new AtomicBoolean();
    private final EventBusListener listener = new EventBusListener();
    private volatile Disposable listenerLoop;

    /**
     * @param listenerConnections unpooled r2dbc-postgresql connections, one held at a time for LISTEN
     * @param capacity            events a subscriber may fall behind before its stream ends
     */
    public EventBus(EventStore store, ConnectionFactory listenerConnections, int capacity) {
        this.store = store;
        this.listenerConnections = listenerConnections;
        this.capacity = capacity;
    }

    /** Starts listening; completes once the first LISTEN is in place. */
    public Mono<Void> start() {
        return store.lastId().doOnNext(lastDelivered::set).then(Mono.fromRunnable(() -> listenerLoop = listen()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5))
                        .doBeforeRetry(signal -> {
                            listener.reconnects.incrementAndGet();
                            up.set(false);
                            log.warn("Event listener lost its connection ({}); reconnecting", signal.failure().toString());
                        }))
                .subscribe()))
                .then(listening.asFlux().filter(Boolean::booleanValue).next().then());
    }

    /**
     * Events in {@code scope}: first those committed after {@code afterId}, then live ones, with no
     * gap and no duplicate at the seam. Without {@code afterId}: those committed after the newest
     * event at this call, which is the same as resuming from that event's id. Once
     * {@link #subscriberCount()} counts the subscription, every later commit reaches it.
     */
    public Flux<StoredEvent> subscribe(EventScope scope, OptionalLong afterId) {
        if (afterId.isEmpty()) {
            return now().flatMapMany(now -> subscribe(scope, now));
        }
        return Flux.defer(() -> {
            Subscriber subscriber = new Subscriber(scope, Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<StoredEvent>(capacity)));
            subscribers.add(subscriber);
            // Registered first, so nothing committed from here on is missed; the seam then drops
            // what the replay already covers.
            AtomicLong seam = new AtomicLong(afterId.getAsLong());
            return store.replay(scope, afterId.getAsLong()).doOnNext(event -> seam.set(event.id()))
                    .concatWith(subscriber.sink.asFlux().filter(event -> event.id() > seam.get()))
                    .doFinally(signal -> subscribers.remove(subscriber));
        });
    }

    /**
     * The position "now": the id of the newest committed event. Subscribing from it misses
     * nothing committed later, and the returned Flux is live as soon as it is subscribed to.
     */
    public Mono<OptionalLong> now() {
        return store.lastId().map(OptionalLong::of);
    }

    /** Whether the LISTEN connection is up (an instance without it delivers nothing new). */
    public boolean isListening() {
        return up.get();
    }

    public EventBusListener listener() {
        return listener;
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    @Override
    public void close() {
        Disposable loop = listenerLoop;
        if (loop != null) {
            loop.dispose();
        }
        subscribers.forEach(subscriber -> subscriber.sink.tryEmitComplete());
    }

    private Flux<Void> listen() {
        return Flux.usingWhen(listenerConnections.create(),
                connection -> {
                    PostgresqlConnection postgres = (PostgresqlConnection) connection;
                    Flux<Boolean> wakeUps = postgres.createStatement("LISTEN " + CHANNEL).execute()
                            .flatMap(result -> result.getRowsUpdated()).then()
                            .doOnSuccess(ignored -> {
                                up.set(true);
                                listening.tryEmitNext(true);
                            })
                            .thenMany(Flux.just(true)
                                    .concatWith(postgres.getNotifications().map(notification -> true))
                                    // A notification stream that ends means the connection is gone: reconnect.
                                    .concatWith(Mono.error(() -> new IllegalStateException("the LISTEN connection closed"))));
                    return wakeUps.onBackpressureLatest().concatMap(wake -> catchUp(), 1);
                },
                connection -> connection.close());
    }

    /** Delivers every committed event after the last one delivered, page by page. */
    private Mono<Void> catchUp() {
        return store.after(lastDelivered.get())
                .expand(page -> page.size() < EventStore.PAGE ? Mono.empty() : store.after(lastDelivered.get()))
                .doOnNext(page -> page.forEach(this::deliver))
                .then();
    }

    private void deliver(StoredEvent event) {
        long previous = lastDelivered.getAndSet(event.id());
        if (previous >= 0 && event.id() > previous + 1) {
            listener.gapIds.addAndGet(event.id() - previous - 1);
        }
        listener.delivered.incrementAndGet();
        for (Subscriber subscriber : subscribers) {
            if (subscriber.scope.matches(event) && subscriber.sink.tryEmitNext(event).isFailure()) {
                subscribers.remove(subscriber);
                listener.overflows.incrementAndGet();
                subscriber.sink.tryEmitError(new StreamOverflowException(capacity, event.id() - 1));
            }
        }
    }

    private record Subscriber(EventScope scope, Sinks.Many<StoredEvent> sink) {
    }
}
