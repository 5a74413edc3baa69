package org.televisit.stream;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import org.televisit.events.EventBus;
import reactor.core.publisher.Mono;

/**
 * Readiness of this instance's LISTEN connection: while it is down the instance's streams hear
 * nothing new, so a load balancer should send clients elsewhere until it has reconnected (it
 * then catches up from the table, so nothing is lost).
 */
@Component("eventListener")
class EventListenerHealth implements ReactiveHealthIndicator {

    private final EventBus bus;

    EventListenerHealth(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public Mono<Health> health() {
        return Mono.just(bus.isListening() ? Health.up().build()
                : Health.down().withDetail("listener", "the LISTEN connection is down and reconnecting").build());
    }
}
