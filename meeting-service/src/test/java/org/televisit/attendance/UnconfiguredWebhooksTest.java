package org.televisit.attendance;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.support.Instances;

/**
 * An instance started without webhook secrets (the default) receives no webhook at all: a call
 * that would be well formed and even signed is told the webhook is not configured here, before its
 * body is read for anything else. Nothing about a call can be learnt or changed through it.
 */
class UnconfiguredWebhooksTest {

    private static ConfigurableApplicationContext instance;
    private static WebTestClient client;

    @BeforeAll
    static void startAnInstanceWithoutSecrets() {
        instance = Instances.start(Map.of());
        client = WebTestClient.bindToServer().baseUrl("http://localhost:" + Instances.port(instance)).build();
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    @Test
    void jaasWebhooksAreNotConfiguredWithoutASecret() {
        client.post().uri("/api/jitsi/webhooks/jaas").contentType(MediaType.APPLICATION_JSON)
                .header("X-Jaas-Signature", "t=1632490060,v1=xlzqEojlh4qb21sQpXYsWgyK8x9HVpz+RQldsv18rV0=")
                .bodyValue("{\"idempotencyKey\":\"k1\",\"eventType\":\"PARTICIPANT_JOINED\",\"timestamp\":1632490060000,"
                        + "\"fqn\":\"vpaas-magic-cookie-0123/room\",\"data\":{\"id\":\"patient-1\",\"name\":\"Pat\"}}")
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.reason").isEqualTo("WEBHOOK_NOT_CONFIGURED");
    }

    @Test
    void prosodyWebhooksAreNotConfiguredWithoutASecret() {
        // An empty secret must not make "Bearer " (or no header at all) the password.
        for (String authorization : new String[] {"Bearer ", "Bearer"}) {
            client.post().uri("/api/jitsi/webhooks/prosody").contentType(MediaType.APPLICATION_JSON)
                    .header("Authorization", authorization)
                    .bodyValue("{\"event_name\":\"muc-occupant-joined\",\"room_name\":\"room\",\"occupant\":{\"id\":\"patient-1\"}}")
                    .exchange()
                    .expectStatus().isNotFound()
                    .expectBody().jsonPath("$.reason").isEqualTo("WEBHOOK_NOT_CONFIGURED");
        }
        client.post().uri("/api/jitsi/webhooks/prosody").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"event_name\":\"muc-occupant-joined\",\"room_name\":\"room\",\"occupant\":{\"id\":\"patient-1\"}}")
                .exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.reason").isEqualTo("WEBHOOK_NOT_CONFIGURED");
    }
}
