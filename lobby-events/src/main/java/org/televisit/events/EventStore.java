package org.televisit.events;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The event log: the {@code lobby_event} table, and {@code presence_event} for the kinds the
 * release before presence cannot parse (it reads {@code lobby_event} during a rolling update), read
 * as one log in id order. {@link #append} writes on the caller's connection, inside the caller's
 * transaction, after taking one transaction-scoped advisory lock shared by every writer: event ids
 * (one sequence for both tables) are therefore assigned in commit order, and "every event after id
 * N" never skips an event that commits later. The row's insert trigger sends the NOTIFY, which
 * Postgres delivers at commit.
 */
public final class EventStore {

    /** The advisory lock key all event writers share ("lobby_ev" in ASCII). */
    static final long WRITE_LOCK = 0x6c6f6262795f6576L;
    static final int PAGE = 500;

    /** The event types releases before presence know; every other kind is stored apart. */
    private static final Set<String> FIRST_KINDS = Set.of("LOBBY_REQUESTED", "LOBBY_APPROVED", "LOBBY_REJECTED",
            "LOBBY_CANCELLED", "LOBBY_EXPIRED", "MEETING_STARTED", "MEETING_ENDED", "APPOINTMENT_UPDATED");

    private static final String SELECT = "SELECT id, payload, recipients, created_at FROM ("
            + "SELECT id, appointment_id, payload, recipients, created_at FROM lobby_event UNION ALL "
            + "SELECT id, appointment_id, payload, recipients, created_at FROM presence_event) AS log";

    private final ConnectionFactory connections;

    public EventStore(ConnectionFactory connections) {
        this.connections = connections;
    }

    /** Appends {@code event} for {@code audience} on {@code connection}; completes with the event's id. */
    public Mono<Long> append(Connection connection, LobbyEvent event, Set<String> audience) {
        String table = FIRST_KINDS.contains(event.type()) ? "lobby_event" : "presence_event";
        Statement insert = connection.createStatement("""
                        WITH ordered AS (SELECT pg_advisory_xact_lock($1))
                        INSERT INTO %s (appointment_id, type, payload, recipients)
                        SELECT $2, $3, $4, $5 FROM ordered
                        RETURNING id""".formatted(table))
                .bind("$1", WRITE_LOCK)
                .bind("$2", event.appointmentId())
                .bind("$3", event.type())
                .bind("$4", Json.of(EventJson.write(event)))
                .bind("$5", audience.toArray(String[]::new));
        return Mono.from(insert.execute()).flatMap(result -> Mono.from(result.map((row, meta) -> row.get("id", Long.class))));
    }

    /** Committed events after {@code afterId} in {@code scope}, in id order, read page by page. */
    public Flux<StoredEvent> replay(EventScope scope, long afterId) {
        return page(scope, afterId).expand(rows -> rows.size() < PAGE ? Mono.empty() : page(scope, rows.get(rows.size() - 1).id()))
                .concatMapIterable(rows -> rows);
    }

    /** Every committed event after {@code afterId}, whatever its scope, at most one page. */
    Mono<List<StoredEvent>> after(long afterId) {
        return query(SELECT + " WHERE id > $1 ORDER BY id LIMIT " + PAGE, afterId, null);
    }

    Mono<Long> lastId() {
        return Mono.usingWhen(connections.create(),
                c -> Mono.from(c.createStatement("SELECT greatest((SELECT coalesce(max(id), 0) FROM lobby_event),"
                        + " (SELECT coalesce(max(id), 0) FROM presence_event)) AS last").execute())
                        .flatMap(result -> Mono.from(result.map((row, meta) -> row.get("last", Long.class)))),
                Connection::close);
    }

    private Mono<List<StoredEvent>> page(EventScope scope, long afterId) {
        if (scope instanceof EventScope.Appointment a) {
            return query(SELECT + " WHERE appointment_id = $2 AND id > $1 ORDER BY id LIMIT " + PAGE, afterId, a.appointmentId());
        }
        EventScope.Party party = (EventScope.Party) scope;
        return query(SELECT + " WHERE recipients @> ARRAY[$2]::text[] AND id > $1 ORDER BY id LIMIT " + PAGE, afterId, party.userId());
    }

    private Mono<List<StoredEvent>> query(String sql, long afterId, Object scopeValue) {
        return Flux.usingWhen(connections.create(), c -> {
            Statement statement = c.createStatement(sql).bind("$1", afterId);
            if (scopeValue != null) {
                statement.bind("$2", scopeValue);
            }
            return Flux.from(statement.execute()).flatMap(result -> result.map((row, meta) -> stored(row)));
        }, Connection::close).collectList();
    }

    static StoredEvent stored(Readable row) {
        String[] audience = row.get("recipients", String[].class);
        return new StoredEvent(
                row.get("id", Long.class),
                EventJson.read(row.get("payload", Json.class).asString()),
                audience == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(audience)),
                row.get("created_at", Instant.class));
    }

}
