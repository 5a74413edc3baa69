package org.televisit.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * An authenticated request: its principal is the {@link User} the verified token names; its
 * credentials are that token, or null when a redeemed stream ticket stood for the user.
 */
final class UserAuthentication extends AbstractAuthenticationToken {

    private final User user;
    private final transient Jwt token;

    UserAuthentication(User user, Jwt token) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name())));
        this.user = user;
        this.token = token;
        setAuthenticated(true);
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
