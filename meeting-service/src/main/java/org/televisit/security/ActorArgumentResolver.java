package org.televisit.security;

import java.net.InetSocketAddress;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import org.televisit.web.ApiException;
import org.televisit.web.ProblemReason;
import reactor.core.publisher.Mono;

/** Gives a controller method the {@link Actor} of the request: the verified user and the client address. */
final class ActorArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Actor.class.equals(parameter.getParameterType());
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext context, ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .filter(UserAuthentication.class::isInstance)
                .map(principal -> (Object) ((UserAuthentication) principal).actor(clientAddress(exchange)))
                .switchIfEmpty(Mono.error(() -> new ApiException(ProblemReason.UNAUTHENTICATED, "a bearer token is required")));
    }

    private static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return null;
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
