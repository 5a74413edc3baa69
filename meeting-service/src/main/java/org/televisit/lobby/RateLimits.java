package org.televisit.lobby;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.televisit.security.Actor;
import org.televisit.web.ApiException;

/**
 * Per-user limits on knocks and decisions: a fixed one-minute window per user and kind, in this
 * instance's memory (behind a load balancer each instance counts its own). A refusal is 429
 * with the seconds until the window turns over, which becomes {@code Retry-After}.
 */
@Component
class RateLimits {

    enum Kind { KNOCK, DECISION }

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final LobbyProperties lobby;
    private final Clock clock;

    RateLimits(LobbyProperties lobby, Clock clock) {
        this.lobby = lobby;
        this.clock = clock;
    }

    /** Counts one action; throws {@code RATE_LIMITED} when the user is over its limit. */
    void acquire(Actor actor, Kind kind) {
        int limit = kind == Kind.KNOCK ? lobby.knocksPerMinute() : lobby.decisionsPerMinute();
        Instant now = Instant.now(clock);
        Window window = windows.compute(kind + ":" + actor.id(), (key, current) ->
                current == null || !now.isBefore(current.start.plus(WINDOW)) ? new Window(now, 1) : new Window(current.start, current.count + 1));
        if (window.count > limit) {
            long retryAfter = Math.max(1, Duration.between(now, window.start.plus(WINDOW)).toSeconds());
            throw new ApiException(LobbyDenial.RATE_LIMITED, "too many " + kind.name().toLowerCase() + "s; try again in "
                    + retryAfter + " s", Map.of("retryAfterSeconds", retryAfter));
        }
    }

    /** Forgets windows that have turned over, so idle users cost no memory. */
    void forgetIdle() {
        Instant cutoff = Instant.now(clock).minus(WINDOW);
        windows.values().removeIf(window -> window.start.isBefore(cutoff));
    }

    private record Window(Instant start, int count) {
    }
}
