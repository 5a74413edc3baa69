package org.televisit.security;

import java.time.Instant;

/**
 * The authenticated user of one request together with the client address it came from:
 * what every access decision is made about and audited with. Controllers receive it as a
 * method argument. {@code authenticatedUntil} is when the user's token expires (null: not known),
 * which is also when a stream it opened must end.
 */
public record Actor(User user, String clientAddress, Instant authenticatedUntil) {

    public Actor(User user, String clientAddress) {
        this(user, clientAddress, null);
    }

    public String id() {
        return user.id();
    }

    public Role role() {
        return user.role();
    }

    public boolean is(Role role) {
        return user.role() == role;
    }

    /** Whether the token has expired by {@code now}: long-lived streams and connections must not outlive it. */
    public boolean expired(Instant now) {
        return authenticatedUntil != null && !now.isBefore(authenticatedUntil);
    }
}
