package org.televisit.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.support.Instances;
import org.televisit.testdb.TestDatabase;

/**
 * An instance started without webhook secrets (the default) receives no webhook at all: a call
 * that would be well formed and even signed is told the webhook is not configured here, before its
 * body is read for anything else. Nothing about a call can be learnt or changed through it, and
 * nothing is written: not even an audit row, since anyone on the internet can send these.
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

    /** What anyone may send to an unconfigured webhook leaves no row in the audit log, which nothing may delete. */
    private static void nothingWasAudited() throws SQLException {
        try (Connection c = TestDatabase.get().connect(); var count = c.createStatement()) {
            var rows = count.executeQuery("SELECT count(*) FROM audit_log WHERE reason = 'WEBHOOK_NOT_CONFIGURED'");
            rows.next();
            assertThat(rows.getLong(1)).isZero();
        }
    }

    @Test
    void jaasWebhooksAreNotConfiguredWithoutASecret() throws SQLException {
        client.post().uri("/api/jitsi/webhooks/jaas").contentType(MediaType.APPLICATION_JSON)
                .header("X-Jaas-Signature", "t=1632490060,v1=xlzqEojlh4qb21sQpXYsWgyK8x9HVpz+RQldsv18rV0=")
                .bodyValue("{\"idempotencyKey\":\"k1\",\"eventType\":\"PARTICIPANT_JOINED\",\"timestamp\":1632490060000,"
                        + "\"fqn\":\"vpaas-magic-cookie-0123/room\",\"data\":{\"id\":\"patient-1\",\"name\":\"Pat\"}}")
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.reason").isEqualTo("WEBHOOK_NOT_CONFIGURED");
        nothingWasAudited();
    }

    @Test
    void prosodyWebhooksAreNotConfiguredWithoutASecret() throws SQLException {
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
        nothingWasAudited();
    }
}
