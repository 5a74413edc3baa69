package org.televisit.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.security.Role;
import org.televisit.support.EventStream;
import org.televisit.support.Instances;
import org.televisit.support.Tokens;

/**
 * What a load balancer and an orchestrator see of an instance: liveness and readiness (the
 * database and the LISTEN connection), and a shutdown that ends open streams at once with word
 * to reconnect, instead of holding the instance to its grace period.
 */
class HealthAndShutdownTest {

    private static final Logger log = LoggerFactory.getLogger(HealthAndShutdownTest.class);

    @Test
    void readinessCoversTheDatabaseAndTheListenerAndShutdownEndsStreamsWithWordToReconnect() {
        ConfigurableApplicationContext instance = Instances.start(Map.of());
        boolean closed = false;
        try {
            WebTestClient management = WebTestClient.bindToServer()
                    .baseUrl("http://localhost:" + instance.getEnvironment().getProperty("local.management.port")).build();
            management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.status").isEqualTo("UP")
                    .jsonPath("$.components.eventListener.status").isEqualTo("UP")
                    .jsonPath("$.components.r2dbc.status").isEqualTo("UP")
                    .jsonPath("$.components.readinessState.status").isEqualTo("UP");
            management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.status").isEqualTo("UP");

            String user = Tokens.newId(Role.DOCTOR);
            try (EventStream console = EventStream.open("http://localhost:" + Instances.port(instance) + "/api/me/events",
                    headers -> headers.setBearerAuth(Tokens.token(user, Role.DOCTOR)))) {
                long start = System.nanoTime();
                CompletableFuture<Void> stopping = CompletableFuture.runAsync(instance::close);
                assertThat(console.nextComment()).startsWith("shutdown: this server is stopping; reconnect");
                console.expectEnd();
                stopping.join();
                closed = true;
                log.info("The instance stopped {} ms after close() with a stream open", (System.nanoTime() - start) / 1_000_000);
            }
        } finally {
            if (!closed) {
                instance.close();
            }
        }
    }
}
