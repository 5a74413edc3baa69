package org.televisit.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.messaging.rsocket.RSocketStrategies;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.events.EventBus;
import org.televisit.security.Role;
import org.televisit.support.EventStream;
import org.televisit.support.Instances;
import org.televisit.support.RSocketClient;
import org.televisit.support.Tokens;

/**
 * PostgreSQL stops under a running instance and comes back, as in a restart or a failover. While
 * it is away every request that needs it is refused as 503 {@code DATABASE_UNAVAILABLE} with a
 * {@code Retry-After}, on HTTP and on RSocket, readiness is down, and open streams stay open; once it
 * is back the instance serves again by itself and the streams carry the next events, none lost.
 * The server is an embedded PostgreSQL of this test's own, the one thing here the test may stop.
 */
class DatabaseOutageTest {

    private static final Duration RECOVERY = Duration.ofSeconds(60);

    @TempDir
    static Path data;

    private static int databasePort;
    private static EmbeddedPostgres postgres;
    private static ConfigurableApplicationContext instance;
    private static WebTestClient http;
    private static WebTestClient management;

    @BeforeAll
    static void instanceOnItsOwnPostgres() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            databasePort = free.getLocalPort();
        }
        startPostgres();
        instance = Instances.start(Map.of(
                "televisit.db.url", "r2dbc:postgresql://localhost:" + databasePort + "/postgres",
                "televisit.db.user", "postgres"));
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + Instances.port(instance))
                .responseTimeout(Duration.ofSeconds(30)).build();
        management = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + instance.getEnvironment().getProperty("local.management.port")).build();
    }

    @AfterAll
    static void stop() throws IOException {
        if (instance != null) {
            instance.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void whilePostgresIsDownRequestsAre503AndEverythingRecoversWithoutLoss() throws Exception {
        String doctor = Tokens.newId(Role.DOCTOR);
        String patient = Tokens.newId(Role.PATIENT);
        UUID appointment = bookAndApprove(doctor, patient);
        RSocketStrategies strategies = instance.getBean(RSocketStrategies.class);
        String base = "http://localhost:" + Instances.port(instance);

        try (EventStream sse = EventStream.open(base + "/api/appointments/" + appointment + "/events",
                     headers -> headers.setBearerAuth(Tokens.token(patient, Role.PATIENT)));
             RSocketClient patientApp = RSocketClient.connect(strategies, Instances.port(instance), Tokens.token(patient, Role.PATIENT));
             RSocketClient.Frames rsocketEvents = patientApp.stream("appointments.{id}.events", Map.of(), appointment)) {
            EventBus bus = instance.getBean(EventBus.class);
            awaitTrue("both streams are live", () -> bus.subscriberCount() == 2);
            assertThat(ready()).isEqualTo(HttpStatus.OK);

            postgres.close();

            // Reads, writes and a new stream's ticket: the same answer, one a client can act on.
            for (var request : java.util.List.of(
                    as(patient, Role.PATIENT).get().uri("/api/appointments/{id}", appointment),
                    as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment),
                    as(patient, Role.PATIENT).post().uri("/api/stream-tickets"),
                    as(patient, Role.PATIENT).get().uri("/api/appointments/{id}/events", appointment).accept(MediaType.TEXT_EVENT_STREAM),
                    http.get().uri("/api/me/events?ticket={ticket}", "a".repeat(43)).accept(MediaType.TEXT_EVENT_STREAM))) {
                request.exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectHeader().exists("Retry-After")
                        .expectBody().jsonPath("$.reason").isEqualTo("DATABASE_UNAVAILABLE")
                        .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).doesNotContain("r2dbc", "Exception"));
            }
            try (RSocketClient doctorApp = RSocketClient.connect(strategies, Instances.port(instance), Tokens.token(doctor, Role.DOCTOR))) {
                assertThat(RSocketClient.problem(() -> doctorApp.request("lobby.decide", Map.of("appointmentId", appointment,
                        "requestId", UUID.randomUUID(), "decision", "APPROVE"))))
                        .containsEntry("status", 503).containsEntry("reason", "DATABASE_UNAVAILABLE").containsKey("retryAfterSeconds");
            }
            awaitTrue("readiness goes down", () -> ready() == HttpStatus.SERVICE_UNAVAILABLE);

            startPostgres();

            awaitTrue("readiness comes back", () -> ready() == HttpStatus.OK);
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment)
                    .exchange().expectStatus().isOk();
            // The streams opened before the outage carry it: they stayed open (an ended one fails next()).
            EventStream.Frame started = sse.next("MEETING_STARTED");
            assertThat(rsocketEvents.next("MEETING_STARTED")).containsEntry("id", (int) started.id());
            sse.expectNothingFor(Duration.ofSeconds(1));

            // A server that takes no writes (a primary demoted to a standby, as in a failover) is an outage too.
            // Every request writes at least its audit row, so reads are refused too; after the first
            // requests have replaced the connections the restart ended, the refusal is the standby's.
            restartAsStandby(true);
            for (int i = 0; i < 5; i++) {
                for (var request : java.util.List.of(as(patient, Role.PATIENT).get().uri("/api/appointments/{id}", appointment),
                        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/end", appointment))) {
                    request.exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                            .expectHeader().exists("Retry-After")
                            .expectBody().jsonPath("$.reason").isEqualTo("DATABASE_UNAVAILABLE");
                }
            }
            restartAsStandby(false);
            awaitTrue("readiness comes back after the failover", () -> ready() == HttpStatus.OK);
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/end", appointment).exchange().expectStatus().isOk();
            sse.next("MEETING_ENDED");
        }
    }

    private UUID bookAndApprove(String doctor, String patient) {
        String startsAt = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS).toString();
        String id = as(Tokens.newId(Role.SCHEDULER), Role.SCHEDULER).post().uri("/api/appointments")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("doctorId", doctor, "patientId", patient, "startsAt", startsAt, "durationMinutes", 30, "type", "VIDEO"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/approve", id).exchange().expectStatus().isOk();
        return UUID.fromString(id);
    }

    private static WebTestClient as(String user, Role role) {
        return http.mutate().defaultHeader("Authorization", "Bearer " + Tokens.token(user, role)).build();
    }

    private static HttpStatus ready() {
        return HttpStatus.valueOf(management.get().uri("/actuator/health/readiness").exchange()
                .returnResult(String.class).getStatus().value());
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + RECOVERY).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    /** Restarts the server as a standby in recovery (it serves reads, refuses writes), or as a primary again. */
    private static void restartAsStandby(boolean standby) throws IOException {
        postgres.close();
        Path signal = data.resolve("standby.signal");
        if (standby) {
            java.nio.file.Files.writeString(signal, "");
        } else {
            java.nio.file.Files.deleteIfExists(signal);
        }
        startPostgres();
    }

    /** Starts (or starts again) the server on the same port and data directory. */
    private static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().setPort(databasePort).setDataDirectory(data).setCleanDataDirectory(false).start();
    }
}
