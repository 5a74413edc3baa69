package org.televisit.lobby;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.televisit.web.ApiException;
import reactor.core.publisher.Mono;

/**
 * The lobby's meters: knocks by outcome, the time a requester waited for a decision, requests
 * pending now (read from the database, so the figure is the same on every instance) and expiries.
 * Tags are outcomes and reasons only, never a user or an appointment.
 */
@Component
class LobbyMetrics {

    private final MeterRegistry registry;
    private final DatabaseClient db;
    private final AtomicLong pending = new AtomicLong();
    private final Counter expiries;

    LobbyMetrics(MeterRegistry registry, DatabaseClient db) {
        this.registry = registry;
        this.db = db;
        Gauge.builder("televisit.lobby.pending", pending, AtomicLong::get)
                .description("Lobby requests waiting for a decision (all instances)").register(registry);
        expiries = Counter.builder("televisit.lobby.expiries").description("Lobby requests expired unanswered").register(registry);
    }

    void knocked(LobbyService.Knock knock) {
        if (knock == null) {
            return;
        }
        knocks(knock.created() ? "created" : "existing", "NONE").increment();
    }

    void knockRefused(Throwable error) {
        knocks("refused", error instanceof ApiException refusal ? refusal.reason().name() : "ERROR").increment();
    }

    void decided(LobbyRequest request) {
        if (request != null && request.decidedAt() != null && request.requestedAt() != null) {
            Timer.builder("televisit.lobby.decision.time").description("From a knock to the doctor's decision")
                    .tag("decision", request.status().name().toLowerCase()).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofMinutes(30))
                    .register(registry).record(Duration.between(request.requestedAt(), request.decidedAt()));
        }
    }

    void expired(long count) {
        expiries.increment(count);
    }

    Mono<Void> refreshPending() {
        return db.sql("SELECT count(*) AS pending FROM lobby_request WHERE status = 'PENDING'")
                .map(row -> row.get("pending", Long.class)).one()
                .doOnNext(pending::set).then();
    }

    private Counter knocks(String outcome, String reason) {
        return Counter.builder("televisit.lobby.knocks").description("Knocks by outcome (created, existing, refused) and refusal reason")
                .tag("outcome", outcome).tag("reason", reason).register(registry);
    }
}
