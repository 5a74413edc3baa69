package org.televisit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.support.Instances;
import org.televisit.support.Tokens;

/**
 * Starting the real application the way an operator does: unsafe settings outside demo mode
 * stop start-up with a message that names the variable; demo mode without a database URL runs
 * its own PostgreSQL and keeps appointments across a restart.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupTest {

    @Test
    void outsideDemoModeAMissingUserTokenSecretStopsStartUp(CapturedOutput output) {
        assertThatThrownBy(() -> Instances.start(Map.of("televisit.auth.hmac-secret", "")))
                .hasStackTraceContaining("TELEVISIT_AUTH_HMAC_SECRET is not set");
        assertThat(output).contains("APPLICATION FAILED TO START").contains("TELEVISIT_AUTH_HMAC_SECRET");
    }

    @Test
    void outsideDemoModeAShortSecretStopsStartUpWithoutPrintingIt(CapturedOutput output) {
        assertThatThrownBy(() -> Instances.start(Map.of("televisit.auth.hmac-secret", "short-secret-value")))
                .hasStackTraceContaining("TELEVISIT_AUTH_HMAC_SECRET is 18 bytes long");
        assertThat(output).contains("TELEVISIT_AUTH_HMAC_SECRET").doesNotContain("short-secret-value");
    }

    @Test
    void demoModeRefusesToSignInPeopleWithARealSecret() {
        assertThatThrownBy(() -> Instances.start(Map.of("televisit.demo", "true")))
                .hasStackTraceContaining("TELEVISIT_DEMO=true lets anyone sign in");
    }

    @Test
    void aJoinWindowThatClosesBeforeItOpensStopsStartUp() {
        assertThatThrownBy(() -> Instances.start(Map.of("televisit.join.closes-after", "PT0S")))
                .hasStackTraceContaining("The join window must open at or before the start and close after it");
    }

    @Test
    void aPresenceLeaseUnderASecondStopsStartUp() {
        assertThatThrownBy(() -> Instances.start(Map.of("televisit.presence.lease", "PT0.5S")))
                .hasStackTraceContaining("The presence lease must be at least a second");
    }

    @Test
    void aJwksUriWithoutAnIssuerStopsStartUp() {
        assertThatThrownBy(() -> Instances.start(Map.of("televisit.auth.jwks-uri", "https://idp.example/jwks")))
                .hasStackTraceContaining("TELEVISIT_AUTH_ISSUER");
    }

    @Test
    void demoModeRunsItsOwnPostgresAndKeepsAppointmentsAcrossARestart(@TempDir Path data) {
        Map<String, String> demo = Map.of(
                "televisit.db.url", "",
                "televisit.demo", "",
                "televisit.auth.hmac-secret", "",
                "televisit.db.embedded-directory", data.toString());
        String[] id = new String[1];
        withApplication(demo, http -> {
            String doctor = login(http, "dr-alice");
            http.get().uri("/api/appointments?size=1").header("Authorization", "Bearer " + doctor).exchange()
                    .expectBody().jsonPath("$.items[0].id").value(value -> id[0] = value.toString());
            http.post().uri("/api/appointments/{id}/cancel", id[0]).header("Authorization", "Bearer " + doctor)
                    .exchange().expectStatus().isOk();
        });
        withApplication(demo, http -> http.get().uri("/api/appointments/{id}", id[0])
                .header("Authorization", "Bearer " + login(http, "dr-alice")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED"));
    }

    private static void withApplication(Map<String, String> properties, Consumer<WebTestClient> use) {
        try (ConfigurableApplicationContext app = Instances.start(properties)) {
            use.accept(WebTestClient.bindToServer().baseUrl("http://localhost:" + Instances.port(app)).build());
        }
    }

    private static String login(WebTestClient http, String user) {
        return http.post().uri("/demo/login").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("user", user))
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("token").toString();
    }
}
