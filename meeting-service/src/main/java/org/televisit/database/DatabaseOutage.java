package org.televisit.database;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.televisit.web.ApiException;
import org.televisit.web.ProblemReason;
import reactor.pool.PoolAcquireTimeoutException;

/**
 * Tells a failure caused by PostgreSQL being out of reach (stopped, restarting, the network or the
 * pool's connections gone) from any other failure, so that it is answered as a temporary refusal,
 * 503 {@code DATABASE_UNAVAILABLE} with a {@code Retry-After}, and not as a fault of ours. The pool
 * and the event bus reconnect by themselves once the server is back.
 */
public final class DatabaseOutage {

    /** Long enough for a restart to finish, short enough for a user who waits. */
    public static final long RETRY_AFTER_SECONDS = 5;

    private DatabaseOutage() {
    }

    /** Whether {@code failure}, or any of its causes, says the database could not be reached. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof R2dbcNonTransientResourceException || t instanceof R2dbcTransientResourceException
                    || t instanceof ConnectException || t instanceof ClosedChannelException
                    || t instanceof R2dbcTimeoutException && t.getCause() instanceof TimeoutException
                    || t instanceof PoolAcquireTimeoutException
                    || t instanceof R2dbcException r2dbc && unavailableState(r2dbc.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /** The refusal a client gets instead of the failure. */
    public static ApiException refusal() {
        return new ApiException(ProblemReason.DATABASE_UNAVAILABLE,
                "the database cannot be reached just now; retry in " + RETRY_AFTER_SECONDS + " seconds",
                Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS));
    }

    /**
     * Connection exceptions (08), a server shutting down or starting (57P01–57P03), no resources
     * left (53), and a write on a server that is (no longer) the primary (25006: read-only, as in a
     * failover).
     */
    private static boolean unavailableState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
                || state.equals("25006"));
    }
}
