package org.televisit.security;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.televisit.web.ApiException;
import org.televisit.web.ProblemReason;
import reactor.core.publisher.Mono;

/**
 * The actor of the current reactive call, where no controller argument can carry it (RSocket
 * handlers): the user of the connection's SETUP token and when that token expires. RSocket gives
 * a handler no peer address, so the actor has none.
 */
public final class CurrentActor {

    private CurrentActor() {
    }

    public static Mono<Actor> get() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context -> context.getAuthentication() instanceof UserAuthentication user ? user.actor(null) : null)
                .switchIfEmpty(Mono.error(() -> new ApiException(ProblemReason.UNAUTHENTICATED, "a bearer token is required")));
    }
}
