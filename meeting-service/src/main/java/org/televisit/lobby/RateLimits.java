package org.televisit.lobby;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.televisit.security.Actor;
import org.televisit.web.ApiException;
import reactor.core.publisher.Mono;

/**
 * Per-user limits on knocks and decisions: a fixed one-minute window per user and kind, counted
 * in PostgreSQL by one upsert, so every instance behind a load balancer shares the count. A
 * refusal is 429 with the seconds until the window turns over, which becomes {@code Retry-After}.
 * Attempts are counted before anything else is checked, refused ones included.
 */
@Component
class RateLimits {

    enum Kind { KNOCK, DECISION }

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final DatabaseClient db;
    private final LobbyProperties lobby;
    private final Clock clock;

    RateLimits(DatabaseClient db, LobbyProperties lobby, Clock clock) {
        this.db = db;
        this.lobby = lobby;
        this.clock = clock;
    }

    /** Counts one action; errors with {@code RATE_LIMITED} when the user is over its limit. */
    Mono<Void> acquire(Actor actor, Kind kind) {
        int limit = kind == Kind.KNOCK ? lobby.knocksPerMinute() : lobby.decisionsPerMinute();
        Instant now = Instant.now(clock);
        return db.sql("""
                        INSERT INTO rate_limit_window AS w (user_id, kind, window_start, count) VALUES (:user, :kind, :now, 1)
                        ON CONFLICT (user_id, kind) DO UPDATE SET
                            window_start = CASE WHEN w.window_start <= :turnedOver THEN :now ELSE w.window_start END,
                            count = CASE WHEN w.window_start <= :turnedOver THEN 1 ELSE w.count + 1 END
                        RETURNING window_start, count
                        """)
                // Counted per role and sub: the same sub in another role is another user, with a budget of its own.
                .bind("user", actor.user().identity().key()).bind("kind", kind.name()).bind("now", now).bind("turnedOver", now.minus(WINDOW))
                .map(row -> new Window(row.get("window_start", Instant.class), row.get("count", Integer.class)))
                .one()
                .flatMap(window -> window.count() <= limit ? Mono.empty() : Mono.error(refusal(kind, now, window)));
    }

    /** Drops windows that have turned over, so idle users cost no rows. */
    Mono<Void> forgetIdle() {
        return db.sql("DELETE FROM rate_limit_window WHERE window_start <= :turnedOver")
                .bind("turnedOver", Instant.now(clock).minus(WINDOW)).then();
    }

    private static ApiException refusal(Kind kind, Instant now, Window window) {
        long retryAfter = Math.max(1, Duration.between(now, window.start().plus(WINDOW)).toSeconds());
        return new ApiException(LobbyDenial.RATE_LIMITED, "too many " + kind.name().toLowerCase() + "s; try again in "
                + retryAfter + " s", Map.of("retryAfterSeconds", retryAfter));
    }

    private record Window(Instant start, int count) {
    }
}
