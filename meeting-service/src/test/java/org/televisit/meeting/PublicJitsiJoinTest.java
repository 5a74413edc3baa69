package org.televisit.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.security.Role;
import org.televisit.support.ApiTest;
import org.televisit.support.TestDatabaseProperties;
import org.televisit.testdb.TestDatabase;
import org.televisit.support.Tokens;

/** On the public meet.jit.si there is no token: the grant is the room name alone, and no JWT. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublicJitsiJoinTest {

    @LocalServerPort
    int port;

    WebTestClient http;

    @DynamicPropertySource
    static void publicJitsi(DynamicPropertyRegistry registry) {
        TestDatabaseProperties.register(registry);
        registry.add("televisit.demo", () -> "false");
        registry.add("televisit.auth.hmac-secret", () -> Tokens.SECRET);
        registry.add("televisit.room.secret", () -> ApiTest.ROOM_SECRET);
        registry.add("televisit.jitsi.provider", () -> "public");
    }

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @Test
    void thePatientGetsTheRoomOnMeetJitSiWithoutAToken() {
        String doctor = Tokens.newId(Role.DOCTOR);
        String patient = Tokens.newId(Role.PATIENT);
        var asDoctor = http.mutate().defaultHeader("Authorization", "Bearer " + Tokens.token(doctor, Role.DOCTOR)).build();
        String id = asDoctor.post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("doctorId", doctor, "patientId", patient, "durationMinutes", 20, "type", "VIDEO",
                        "startsAt", Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS).toString()))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        asDoctor.post().uri("/api/appointments/{id}/approve", id).exchange().expectStatus().isOk();
        asDoctor.post().uri("/api/appointments/{id}/meeting/start", id).exchange().expectStatus().isOk();

        Map<?, ?> grant = http.post().uri("/api/appointments/{id}/join", id)
                .header("Authorization", "Bearer " + Tokens.token(patient, Role.PATIENT))
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat(grant.get("provider")).isEqualTo("public");
        assertThat(grant.get("domain")).isEqualTo("meet.jit.si");
        assertThat(grant.get("externalApiUrl")).isEqualTo("https://meet.jit.si/external_api.js");
        assertThat(grant.get("roomName")).isEqualTo(JoinApiTest.roomOf(java.util.UUID.fromString(id)));
        assertThat(grant.get("jwt")).isNull();
        assertThat(((Map<?, ?>) grant.get("options")).containsKey("jwt")).isFalse();
    }
}
