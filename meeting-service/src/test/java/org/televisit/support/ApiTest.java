package org.televisit.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.security.Role;
import org.televisit.testdb.TestDatabase;

/**
 * Base of the API tests: the whole application on a random port, over this run's real
 * PostgreSQL database, with user tokens verified by {@link Tokens#SECRET}. Not in demo mode.
 * Tests make their own users (random ids) and appointments, so they share the database safely.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ApiTest.Time.class)
public abstract class ApiTest {

    public static final String ROOM_SECRET = "room-secret-for-tests-only-0123456789abcdef";
    public static final String JITSI_DOMAIN = "meet.clinic.example";
    public static final String JITSI_APP_ID = "televisit-tests";
    public static final String JITSI_APP_SECRET = "jitsi-app-secret-for-tests-only-0123456789";
    public static final String JAAS_WEBHOOK_SECRET = "jaas-webhook-secret-for-tests-only";
    public static final String PROSODY_WEBHOOK_SECRET = "prosody-webhook-secret-for-tests-only";

    @LocalServerPort
    protected int port;

    protected WebTestClient http;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabaseProperties.register(registry);
        registry.add("televisit.auth.hmac-secret", () -> Tokens.SECRET);
        registry.add("televisit.demo", () -> "false");
        registry.add("televisit.room.secret", () -> ROOM_SECRET);
        registry.add("televisit.jitsi.provider", () -> "self-hosted");
        registry.add("televisit.jitsi.domain", () -> JITSI_DOMAIN);
        registry.add("televisit.jitsi.app-id", () -> JITSI_APP_ID);
        registry.add("televisit.jitsi.app-secret", () -> JITSI_APP_SECRET);
        registry.add("televisit.lobby.sweep-interval", () -> "PT0.2S");
        registry.add("televisit.call.jaas-webhook-secret", () -> JAAS_WEBHOOK_SECRET);
        registry.add("televisit.call.prosody-webhook-secret", () -> PROSODY_WEBHOOK_SECRET);
        // No periodic no-show sweep: a test that stands the clock past a window would otherwise have
        // other tests' appointments decided under it. Attendance tests run the sweep themselves.
        registry.add("televisit.call.sweep-interval", () -> "P1D");
    }

    @TestConfiguration
    static class Time {
        @Bean
        @Primary
        Clock testClock() {
            return TestClock.INSTANCE;
        }
    }

    @BeforeEach
    void client() {
        TestClock.INSTANCE.reset();
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void realTime() {
        TestClock.INSTANCE.reset();
    }

    /** A client that calls as {@code userId} with {@code role}. */
    protected WebTestClient as(String userId, Role role) {
        return http.mutate().defaultHeader("Authorization", "Bearer " + Tokens.token(userId, role)).build();
    }

    /** A booking request body for a VIDEO appointment a day from now. */
    protected static Map<String, Object> booking(String doctorId, String patientId, String agencyId) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of(
                "doctorId", doctorId,
                "patientId", patientId,
                "startsAt", TestClock.INSTANCE.instant().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString(),
                "durationMinutes", 30,
                "type", "VIDEO"));
        if (agencyId != null) {
            body.put("agencyId", agencyId);
        }
        return body;
    }

    /** Approves the appointment as its doctor and returns when it starts. */
    protected Instant approve(String doctorId, UUID appointment) {
        return Instant.parse(as(doctorId, Role.DOCTOR).post().uri("/api/appointments/{id}/approve", appointment).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("startsAt").toString());
    }

    /** Books an appointment through the API as a scheduler and returns its id. */
    protected UUID book(String doctorId, String patientId, String agencyId) {
        Map<?, ?> created = as(Tokens.newId(Role.SCHEDULER), Role.SCHEDULER).post().uri("/api/appointments")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(booking(doctorId, patientId, agencyId))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return UUID.fromString((String) created.get("id"));
    }

    /** Books (as a scheduler) and approves a VIDEO appointment starting at {@code start}, with a new patient; returns its id. */
    protected UUID bookApprovedAt(Instant start, String doctorId, String agencyId) {
        Map<String, Object> body = booking(doctorId, Tokens.newId(Role.PATIENT), agencyId);
        body.put("startsAt", start.truncatedTo(ChronoUnit.SECONDS).toString());
        UUID id = UUID.fromString(as(Tokens.newId(Role.SCHEDULER), Role.SCHEDULER).post().uri("/api/appointments")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString());
        approve(doctorId, id);
        return id;
    }

    /** The first column of each row {@code sql} (with one {@code ?}) returns, read straight from the database. */
    protected static List<String> column(String sql, Object parameter) {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabase.get().connect(); var statement = c.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            ResultSet row = statement.executeQuery();
            while (row.next()) {
                rows.add(row.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
