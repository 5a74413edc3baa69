package org.televisit.database;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Work an instance repeats on the database while it runs (expiring knocks, deciding no-shows,
 * renewing presence leases): one run at a time, a tick that comes while a run is still going is
 * skipped, and a failed run is logged and retried by the next tick, never ending the sweep.
 */
public final class Sweeps {

    private Sweeps() {
    }

    /** Runs {@code work} every {@code interval} until the returned handle is disposed. */
    public static Disposable every(Duration interval, Supplier<Mono<?>> work, Logger log, String what) {
        return Flux.interval(interval)
                .onBackpressureDrop()
                .concatMap(tick -> work.get().then().onErrorResume(error -> {
                    log.warn("{} failed; the next run retries: {}", what, error.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }
}
