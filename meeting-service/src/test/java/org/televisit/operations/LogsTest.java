package org.televisit.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.security.Role;
import org.televisit.support.ApiTest;
import org.televisit.support.EventStream;
import org.televisit.support.Instances;
import org.televisit.support.Tokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The log of a whole story, as production writes it (an instance started as an operator starts
 * it: JSON lines, self-hosted Jitsi): every line is a JSON object, the lines of a request carry
 * its id, and no line holds a token, a ticket, a secret, a person's name or a room name.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aWholeStoryLogsNoSecretNoNameNoRoomAndTagsLinesWithTheRequestId(CapturedOutput output) {
        ConfigurableApplicationContext instance = Instances.start(Map.of(
                "televisit.jitsi.provider", "self-hosted", "televisit.jitsi.domain", ApiTest.JITSI_DOMAIN,
                "televisit.jitsi.app-id", ApiTest.JITSI_APP_ID, "televisit.jitsi.app-secret", ApiTest.JITSI_APP_SECRET));
        try {
            String base = "http://localhost:" + Instances.port(instance);
            WebTestClient http = WebTestClient.bindToServer().baseUrl(base).build();
            String doctor = Tokens.newId(Role.DOCTOR);
            String patient = Tokens.newId(Role.PATIENT);
            String agency = Tokens.newId(Role.AGENCY);
            String doctorToken = Tokens.token(doctor, Role.DOCTOR, claims -> claims.claim("name", "Dr. Dora Quill"));
            String patientToken = Tokens.token(patient, Role.PATIENT, claims -> claims.claim("name", "Petra Nightingale"));
            String agencyToken = Tokens.token(agency, Role.AGENCY, claims -> claims.claim("name", "Agnes Carewell"));

            Map<?, ?> booked = http.post().uri("/api/appointments").header("Authorization", "Bearer " + doctorToken)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("doctorId", doctor, "patientId", patient, "agencyId", agency,
                            "startsAt", Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS).toString(),
                            "durationMinutes", 30, "type", "VIDEO"))
                    .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
            String appointment = booked.get("id").toString();
            http.post().uri("/api/appointments/{id}/approve", appointment).header("Authorization", "Bearer " + doctorToken)
                    .exchange().expectStatus().isOk();
            String ticket = http.post().uri("/api/stream-tickets").header("Authorization", "Bearer " + agencyToken).exchange()
                    .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("ticket").toString();
            String request;
            try (EventStream agencyPage = EventStream.open(base + "/api/me/events?ticket=" + ticket, headers -> { })) {
                request = http.post().uri("/api/appointments/{id}/lobby/requests", appointment).header("Authorization", "Bearer " + agencyToken)
                        .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
                http.post().uri("/api/appointments/{id}/lobby/requests/{rid}/approve", appointment, request)
                        .header("Authorization", "Bearer " + doctorToken).exchange().expectStatus().isOk();
                agencyPage.next("LOBBY_REQUESTED");
                agencyPage.next("LOBBY_APPROVED");
            }
            http.post().uri("/api/appointments/{id}/meeting/start", appointment).header("Authorization", "Bearer " + doctorToken)
                    .exchange().expectStatus().isOk();
            List<String> jitsiTokens = new java.util.ArrayList<>();
            for (String token : List.of(doctorToken, patientToken, agencyToken)) {
                jitsiTokens.add(http.post().uri("/api/appointments/{id}/join", appointment).header("Authorization", "Bearer " + token)
                        .header("X-Request-Id", "story-join-" + jitsiTokens.size() + "-0001")
                        .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("jwt").toString());
            }
            String room = ((Map<?, ?>) http.post().uri("/api/appointments/{id}/join", appointment).header("Authorization", "Bearer " + patientToken)
                    .exchange().expectBody(Map.class).returnResult().getResponseBody()).get("roomName").toString();
            http.post().uri("/api/appointments/{id}/meeting/end", appointment).header("Authorization", "Bearer " + doctorToken)
                    .exchange().expectStatus().isOk().expectHeader().exists("X-Request-Id");

            String log = output.getAll();
            // The lines the instance wrote during the story are JSON objects; a join's line carries its request id.
            List<JsonNode> access = log.lines().filter(line -> line.startsWith("{") && line.contains("access JOIN GRANTED"))
                    .map(line -> JSON.readTree(line)).toList();
            assertThat(access).hasSizeGreaterThanOrEqualTo(3);
            assertThat(access).anySatisfy(line -> assertThat(line.path("requestId").asText()).isEqualTo("story-join-1-0001"));
            for (String secret : List.of(doctorToken, patientToken, agencyToken, ticket, room, "Petra Nightingale", "Dr. Dora Quill",
                    "Agnes Carewell", Tokens.SECRET, ApiTest.ROOM_SECRET, ApiTest.JITSI_APP_SECRET)) {
                assertThat(log).as("the log of the story").doesNotContain(secret);
            }
            for (String jwt : jitsiTokens) {
                assertThat(log).doesNotContain(jwt);
            }
        } finally {
            instance.close();
        }
    }
}
