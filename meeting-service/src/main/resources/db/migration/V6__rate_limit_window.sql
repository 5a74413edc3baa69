-- Knocks and decisions per user in the current one-minute window, shared by every instance, so
-- the limits hold however many instances a load balancer spreads a user's requests over.
CREATE TABLE rate_limit_window (
    user_id      text        NOT NULL,
    kind         text        NOT NULL,
    window_start timestamptz NOT NULL,
    count        integer     NOT NULL,
    PRIMARY KEY (user_id, kind)
);
