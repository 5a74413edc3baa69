package org.televisit.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.televisit.events.LobbyEvent.LobbyRequested;
import org.televisit.events.LobbyEvent.MeetingStarted;
import org.televisit.testdb.TestDatabase;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The event bus on a real PostgreSQL: fan-out across instances, replay, reconnects, overflow. */
class EventBusTest {

    private static ConnectionFactory connections;

    private final List<EventBus> buses = new ArrayList<>();
    private EventStore store;
    private UUID appointment;

    @BeforeAll
    static void schema() throws Exception {
        try (var c = TestDatabase.get().connect()) {
            String ddl = new String(EventBusTest.class.getResourceAsStream("/lobby-event-schema.sql").readAllBytes(), StandardCharsets.UTF_8);
            c.createStatement().execute(ddl);
        }
        connections = ConnectionFactories.get(TestDatabase.get().r2dbcUrlWithUser());
    }

    @BeforeEach
    void newAppointment() {
        store = new EventStore(connections);
        appointment = UUID.randomUUID();
    }

    @AfterEach
    void stopBuses() {
        buses.forEach(EventBus::close);
    }

    @Test
    void anEventWrittenThroughOneInstanceReachesSubscribersOfAnother() {
        EventBus a = startedBus(64);
        EventBus b = startedBus(64);

        StepVerifier.create(b.subscribe(EventScope.appointment(appointment), OptionalLong.empty()).map(StoredEvent::event).take(1))
                .then(() -> awaitSubscribers(b, 1))
                .then(() -> commit(requested("agency-1")))
                .assertNext(event -> assertThat(event).isInstanceOf(LobbyRequested.class)
                        .extracting(e -> ((LobbyRequested) e).requesterId()).isEqualTo("agency-1"))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(a.subscribe(EventScope.party("dr-1"), OptionalLong.of(0)).take(1))
                .assertNext(stored -> assertThat(stored.audience()).contains("dr-1", "agency-1"))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void subscribersOfAnotherAppointmentOrUserSeeNothing() {
        EventBus bus = startedBus(64);
        StepVerifier.create(bus.subscribe(EventScope.appointment(UUID.randomUUID()), OptionalLong.empty())
                        .mergeWith(bus.subscribe(EventScope.party("someone-else"), OptionalLong.empty())))
                .then(() -> awaitSubscribers(bus, 2))
                .then(() -> commit(requested("agency-1")))
                .expectNoEvent(Duration.ofMillis(500))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void replayFromAnIdThenLiveWithoutGapOrDuplicateAtTheSeam() {
        EventBus bus = startedBus(1024);
        List<Long> before = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            before.add(commit(requested("agency-" + i)));
        }
        Flux<Long> ids = bus.subscribe(EventScope.appointment(appointment), OptionalLong.of(before.get(1))).map(StoredEvent::id);
        Flux<Long> writer = Flux.range(0, 40).concatMap(i -> Mono.fromCallable(() -> commit(requested("late-" + i)))
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()));

        List<Long> received = ids.take(3 + 40).collectList()
                .zipWith(writer.collectList().delaySubscription(Duration.ofMillis(50)), (got, written) -> got)
                .block(Duration.ofSeconds(60));
        assertThat(received).hasSize(43).doesNotHaveDuplicates().isSorted();
        assertThat(received.subList(0, 3)).isEqualTo(before.subList(2, 5));
    }

    @Test
    void whenTheListenerConnectionIsKilledEveryEventStillArrivesOnceInOrder() throws Exception {
        EventBus bus = startedBus(1024);
        Flux<Long> ids = bus.subscribe(EventScope.appointment(appointment), OptionalLong.empty()).map(StoredEvent::id);
        Flux<Long> writer = Flux.range(0, 60).concatMap(i -> Mono.fromCallable(() -> {
            if (i == 20 || i == 40) {
                killListeners();
            }
            return commit(requested("agency-" + i));
        }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()));

        var received = ids.take(60).collectList();
        List<Long> written = new ArrayList<>();
        List<Long> got = received.zipWith(writer.doOnNext(written::add).collectList()
                        .delaySubscription(Mono.fromRunnable(() -> awaitSubscribers(bus, 1)).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())),
                (r, w) -> r).block(Duration.ofSeconds(90));

        assertThat(got).containsExactlyElementsOf(written);
        assertThat(bus.listener().reconnects()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aSubscriberThatDoesNotKeepUpIsEndedWithAReasonAndOthersAreUnaffected() {
        EventBus bus = startedBus(4);
        Flux<StoredEvent> slow = bus.subscribe(EventScope.appointment(appointment), OptionalLong.empty());
        Flux<StoredEvent> fast = bus.subscribe(EventScope.appointment(appointment), OptionalLong.empty());

        StepVerifier.create(slow, 0)
                .then(() -> {
                    awaitSubscribers(bus, 1);
                    for (int i = 0; i < 10; i++) {
                        commit(requested("agency-" + i));
                    }
                })
                .thenAwait(Duration.ofMillis(500))
                .thenRequest(100)
                .recordWith(ArrayList::new)
                .thenConsumeWhile(event -> true)
                .consumeRecordedWith(delivered -> assertThat(delivered).hasSize(4))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(StreamOverflowException.class)
                        .hasMessageContaining("resume from event"))
                .verify(Duration.ofSeconds(10));
        assertThat(bus.listener().overflows()).isEqualTo(1);

        StepVerifier.create(fast.take(1)).then(() -> awaitSubscribers(bus, 1)).then(() -> commit(requested("after"))).expectNextCount(1).expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aRolledBackWriteLeavesNoEvent() {
        EventBus bus = startedBus(64);
        StepVerifier.create(bus.subscribe(EventScope.appointment(appointment), OptionalLong.empty()).map(StoredEvent::event).take(1))
                .then(() -> awaitSubscribers(bus, 1))
                .then(() -> Mono.usingWhen(connections.create(),
                        c -> Mono.from(c.beginTransaction()).then(store.append(c, requested("rolled-back"), Set.of("dr-1")))
                                .then(Mono.from(c.rollbackTransaction())), Connection::close).block())
                .then(() -> commit(new MeetingStarted(appointment, Instant.now())))
                .assertNext(event -> assertThat(event).isInstanceOf(MeetingStarted.class))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void theJsonFormIsStable() {
        LobbyRequested event = new LobbyRequested(UUID.fromString("00000000-0000-0000-0000-000000000001"),
                UUID.fromString("00000000-0000-0000-0000-000000000002"), "agency-1", "Carol", Instant.parse("2030-01-01T10:00:00Z"));
        assertThat(EventJson.write(event)).isEqualTo("{\"type\":\"LOBBY_REQUESTED\","
                + "\"appointmentId\":\"00000000-0000-0000-0000-000000000001\",\"requestId\":\"00000000-0000-0000-0000-000000000002\","
                + "\"requesterId\":\"agency-1\",\"requesterName\":\"Carol\",\"requestedAt\":\"2030-01-01T10:00:00Z\"}");
        assertThat(EventJson.read(EventJson.write(event))).isEqualTo(event);
        assertThat(event.type()).isEqualTo("LOBBY_REQUESTED");
    }

    /** A subscription from now is live once the bus counts it; commits before that may not reach it. */
    private static void awaitSubscribers(EventBus bus, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (bus.subscriberCount() < count) {
            assertThat(System.nanoTime()).as("subscriptions registered in time").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private EventBus startedBus(int capacity) {
        EventBus bus = new EventBus(new EventStore(connections), connections, capacity);
        bus.start().block(Duration.ofSeconds(10));
        buses.add(bus);
        return bus;
    }

    private LobbyRequested requested(String requester) {
        return new LobbyRequested(appointment, UUID.randomUUID(), requester, requester, Instant.now());
    }

    private long commit(LobbyEvent event) {
        return Mono.usingWhen(connections.create(),
                c -> Mono.from(c.beginTransaction())
                        .then(store.append(c, event, Set.of("dr-1", "agency-1")))
                        .flatMap(id -> Mono.from(c.commitTransaction()).thenReturn(id)),
                Connection::close).block(Duration.ofSeconds(10));
    }

    private static void killListeners() throws Exception {
        try (var c = TestDatabase.get().connect();
             ResultSet killed = c.createStatement().executeQuery("""
                     SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()""")) {
            assertThat(killed.next()).isTrue();
        }
    }
}
