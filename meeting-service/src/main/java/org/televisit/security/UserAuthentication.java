package org.televisit.security;

import java.time.Instant;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * An authenticated request: its principal is the {@link User} the verified token names; its
 * credentials are that token, or null when a redeemed stream ticket stood for the user. It lapses
 * when the token expires (for a ticket, the token the ticket was asked with): the actor it gives
 * carries that instant, so long-lived streams end with it.
 */
final class UserAuthentication extends AbstractAuthenticationToken {

    private final User user;
    private final transient Jwt token;
    private final Instant expiresAt;

    UserAuthentication(User user, Jwt token) {
        this(user, token, token == null ? null : token.getExpiresAt());
    }

    /** A user a redeemed stream ticket stands for, until the token the ticket was asked with expires. */
    UserAuthentication(User user, Instant expiresAt) {
        this(user, null, expiresAt);
    }

    private UserAuthentication(User user, Jwt token, Instant expiresAt) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name())));
        this.user = user;
        this.token = token;
        this.expiresAt = expiresAt;
        setAuthenticated(true);
    }

    /** The actor this authentication stands for, at {@code clientAddress}. */
    Actor actor(String clientAddress) {
        return new Actor(user, clientAddress, expiresAt);
    }

    @Override
    public User getPrincipal() {
        return user;
    }

    @Override
    public Jwt getCredentials() {
        return token;
    }

    @Override
    public String getName() {
        return user.id();
    }
}
