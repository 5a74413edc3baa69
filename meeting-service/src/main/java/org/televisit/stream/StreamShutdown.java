package org.televisit.stream;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Ends every open event stream when the instance stops, before the web server's graceful
 * shutdown waits for requests to finish: an endless stream would otherwise hold it to its timeout.
 * Each transport tells its clients to reconnect (another instance serves them, resuming after
 * their last event). Stops first: its phase is the highest. A context that is stopped and started
 * again (as test contexts are) gets a fresh signal.
 */
@Component
public class StreamShutdown implements SmartLifecycle {

    private volatile Sinks.Empty<Void> stopping = Sinks.empty();
    private volatile boolean running;

    /** Completes when the instance starts stopping (at once for a stream opened after that). */
    public Mono<Void> signal() {
        return Mono.defer(() -> stopping.asMono());
    }

    /** Whether the instance is stopping. */
    public boolean stopping() {
        return !running;
    }

    @Override
    public void start() {
        stopping = Sinks.empty();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        stopping.tryEmitEmpty();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
