package org.televisit.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.security.Role;
import org.televisit.support.ApiTest;
import org.televisit.support.EventStream;
import org.televisit.support.Instances;
import org.televisit.support.Tokens;

/**
 * Two instances of the application on one database, as behind a load balancer: a change made
 * through one reaches the streams open on the other. Instance A is the test's own application;
 * instance B is started beside it, with a short heartbeat.
 */
class TwoInstancesTest extends ApiTest {

    private static ConfigurableApplicationContext instanceB;

    @BeforeAll
    static void startInstanceB() {
        instanceB = Instances.start(Map.of("televisit.lobby.heartbeat", "PT0.3S"));
    }

    @AfterAll
    static void stopInstanceB() {
        instanceB.close();
    }

    @Test
    void aKnockOnOneInstanceAndAnApprovalOnTheOtherReachStreamsOnBoth() {
        String doctor = Tokens.newId(Role.DOCTOR);
        String agency = Tokens.newId(Role.AGENCY);
        UUID appointment = startingSoon(doctor, agency);
        WebTestClient onB = WebTestClient.bindToServer().baseUrl(base(Instances.port(instanceB))).build();

        try (EventStream doctorOnB = EventStream.open(base(Instances.port(instanceB)) + "/api/appointments/" + appointment + "/events",
                headers -> headers.setBearerAuth(Tokens.token(doctor, Role.DOCTOR)));
                EventStream agencyOnA = EventStream.open(base(port) + "/api/me/events",
                        headers -> headers.setBearerAuth(Tokens.token(agency, Role.AGENCY)))) {
            String request = as(agency, Role.AGENCY).post().uri("/api/appointments/{id}/lobby/requests", appointment).exchange()
                    .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
            assertThat(doctorOnB.next("LOBBY_REQUESTED").data()).containsEntry("requestId", request);

            onB.post().uri("/api/appointments/{id}/lobby/requests/{rid}/approve", appointment, request)
                    .header("Authorization", "Bearer " + Tokens.token(doctor, Role.DOCTOR)).exchange().expectStatus().isOk();
            agencyOnA.next("LOBBY_REQUESTED");
            assertThat(agencyOnA.next("LOBBY_APPROVED").data()).containsEntry("requestId", request);
            doctorOnB.next("LOBBY_APPROVED");
        }
    }

    @Test
    void anIdleStreamGetsHeartbeats() {
        String doctor = Tokens.newId(Role.DOCTOR);
        UUID appointment = startingSoon(doctor, null);
        try (EventStream idle = EventStream.open(base(Instances.port(instanceB)) + "/api/appointments/" + appointment + "/events",
                headers -> headers.setBearerAuth(Tokens.token(doctor, Role.DOCTOR)))) {
            assertThat(idle.nextComment()).isEqualTo("heartbeat");
            assertThat(idle.nextComment()).isEqualTo("heartbeat");
        }
    }

    @Test
    void theKnockLimitHoldsAcrossInstances() {
        String agency = Tokens.newId(Role.AGENCY);
        UUID appointment = startingSoon(Tokens.newId(Role.DOCTOR), agency);
        WebTestClient onA = WebTestClient.bindToServer().baseUrl(base(port)).build();
        WebTestClient onB = WebTestClient.bindToServer().baseUrl(base(Instances.port(instanceB))).build();
        // Six knocks a minute (the default), spread over both instances as a load balancer would.
        for (int i = 0; i < 6; i++) {
            (i % 2 == 0 ? onA : onB).post().uri("/api/appointments/{id}/lobby/requests", appointment)
                    .header("Authorization", "Bearer " + Tokens.token(agency, Role.AGENCY)).exchange().expectStatus().is2xxSuccessful();
        }
        for (WebTestClient instance : List.of(onA, onB)) {
            instance.post().uri("/api/appointments/{id}/lobby/requests", appointment)
                    .header("Authorization", "Bearer " + Tokens.token(agency, Role.AGENCY)).exchange()
                    .expectStatus().isEqualTo(429).expectBody().jsonPath("$.reason").isEqualTo("RATE_LIMITED");
        }
    }

    /** An approved appointment starting in two minutes, by the real clock both instances read. */
    private UUID startingSoon(String doctor, String agency) {
        return bookApprovedAt(Instant.now().plus(Duration.ofMinutes(2)), doctor, agency);
    }

    private static String base(int port) {
        return "http://localhost:" + port;
    }
}
