package org.televisit.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.televisit.web.ApiException;
import org.televisit.web.ProblemReason;
import reactor.core.publisher.Mono;

/**
 * One-use tickets that let a browser's EventSource, which cannot send an Authorization header,
 * open an event stream: {@code ?ticket=} stands for the user who asked for it, once, for
 * {@link #TTL}. Only a SHA-256 of the ticket is stored, so the table holds nothing a reader could
 * replay; any instance redeems it, and one UPDATE decides which of two racing redemptions wins.
 * A user (a role and sub together) may hold at most {@link #MAX_OPEN} unused tickets at a time.
 */
@Component
public class StreamTickets {

    public static final Duration TTL = Duration.ofSeconds(60);
    static final int MAX_OPEN = 20;
    private static final int TICKET_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final DatabaseClient db;
    private final Clock clock;

    StreamTickets(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public record Ticket(String ticket, Instant expiresAt) {
    }

    /** A redeemed ticket: the user it stands for, and when the token it was asked with expires. */
    record Redeemed(User user, Instant tokenExpiresAt) {
    }

    /**
     * A new ticket for the actor; {@code TOO_MANY_TICKETS} (429) if it holds {@link #MAX_OPEN} unused
     * ones. A stream the ticket opens ends when the actor's token expires.
     */
    public Mono<Ticket> issue(Actor actor) {
        User user = actor.user();
        byte[] bytes = new byte[TICKET_BYTES];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = Instant.now(clock);
        Instant expiresAt = now.plus(TTL);
        return db.sql("DELETE FROM stream_ticket WHERE expires_at < :now").bind("now", now).then()
                .then(db.sql("""
                        INSERT INTO stream_ticket (ticket_hash, user_id, role, name, email, avatar, expires_at, token_expires_at)
                        SELECT :hash, :user, :role, :name, :email, :avatar, :expires, :tokenExpires
                        WHERE (SELECT count(*) FROM stream_ticket
                               WHERE user_id = :user AND role = :role AND used_at IS NULL AND expires_at > :now) < :max
                        """)
                        .bind("hash", hash(ticket)).bind("user", user.id()).bind("role", user.role().name())
                        .bind("name", user.name()).bind("email", nullable(user.email()))
                        .bind("avatar", nullable(user.avatar())).bind("expires", expiresAt).bind("now", now)
                        .bind("tokenExpires", Parameter.fromOrEmpty(actor.authenticatedUntil(), Instant.class))
                        .bind("max", MAX_OPEN)
                        .fetch().rowsUpdated())
                .flatMap(inserted -> inserted == 1 ? Mono.just(new Ticket(ticket, expiresAt))
                        : Mono.error(new ApiException(ProblemReason.TOO_MANY_TICKETS, "this user already holds "
                                + MAX_OPEN + " unused stream tickets; use one or wait " + TTL.toSeconds() + " s",
                                Map.of("retryAfterSeconds", TTL.toSeconds()))));
    }

    /** The user a ticket stands for, if it exists, is unexpired and unused; the ticket is used up either way. */
    Mono<Redeemed> redeem(String ticket) {
        if (ticket.length() > 2 * TICKET_BYTES) {
            return Mono.empty();
        }
        return db.sql("""
                        UPDATE stream_ticket SET used_at = :now
                        WHERE ticket_hash = :hash AND used_at IS NULL AND expires_at > :now
                        RETURNING user_id, role, name, email, avatar, token_expires_at
                        """)
                .bind("hash", hash(ticket)).bind("now", Instant.now(clock))
                .map(row -> new Redeemed(new User(row.get("user_id", String.class),
                        Role.valueOf(row.get("role", String.class)),
                        row.get("name", String.class), row.get("email", String.class), row.get("avatar", String.class)),
                        row.get("token_expires_at", Instant.class)))
                .one();
    }

    private static Parameter nullable(String value) {
        return Parameter.fromOrEmpty(value, String.class);
    }

    private static String hash(String ticket) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
