package org.televisit.stream;

import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.televisit.database.UnpooledConnections;
import org.televisit.events.EventBus;
import org.televisit.events.EventStore;
import org.televisit.lobby.LobbyProperties;

/** The event store on the pool, and this instance's event bus with its own LISTEN connection. */
@Configuration(proxyBeanMethods = false)
class EventBusConfiguration {

    @Bean
    EventStore eventStore(ConnectionFactory connectionFactory) {
        return new EventStore(connectionFactory);
    }

    /** Started before the web server takes traffic, so no stream opens on a deaf bus. */
    @Bean(destroyMethod = "close")
    EventBus eventBus(EventStore store, UnpooledConnections unpooled, LobbyProperties lobby) {
        EventBus bus = new EventBus(store, unpooled.factory(), lobby.streamBuffer());
        bus.start().block(Duration.ofSeconds(30));
        return bus;
    }
}
