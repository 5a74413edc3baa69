package org.televisit.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.televisit.database.UnpooledConnections;
import org.televisit.events.EventBus;
import org.televisit.events.EventStore;
import org.televisit.support.ApiTest;

/** An instance whose LISTEN connection is not up is not ready: its streams would hear nothing new. */
class EventListenerHealthTest extends ApiTest {

    @Autowired
    private UnpooledConnections connections;

    @Test
    void downUntilTheListenerIsUp() {
        try (EventBus bus = new EventBus(new EventStore(connections.factory()), connections.factory(), 8)) {
            EventListenerHealth health = new EventListenerHealth(bus);
            assertThat(health.health().block().getStatus()).isEqualTo(Status.DOWN);
            bus.start().block(Duration.ofSeconds(10));
            assertThat(health.health().block().getStatus()).isEqualTo(Status.UP);
        }
    }
}
