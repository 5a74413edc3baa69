-- Knocks and decisions per user in the current one-minute window, shared by every instance, so
-- the limits hold however many instances a load balancer spreads a user's requests over.
-- UNLOGGED: the counts are worth a minute, so their commits need no WAL flush (a crash or a
-- failover merely resets them), and counting adds no fsync to a knock or a decision.
CREATE UNLOGGED TABLE rate_limit_window (
    user_id      text        NOT NULL,
    kind         text        NOT NULL,
    window_start timestamptz NOT NULL,
    count        integer     NOT NULL,
    PRIMARY KEY (user_id, kind)
);
