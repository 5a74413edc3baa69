package org.televisit.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import org.televisit.web.ProblemReason;
import org.televisit.web.ProblemWriter;
import org.televisit.web.Problems;
import reactor.core.publisher.Mono;

/**
 * Answers authentication and authorization failures in the API's problem+json shape, with
 * the {@code WWW-Authenticate} challenge RFC 6750 asks for. A missing token is
 * {@code UNAUTHENTICATED}; a token that fails any check is {@code INVALID_TOKEN}.
 */
final class ProblemSecurityHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler,
        ServerAuthenticationFailureHandler {

    /** How long a client should wait before trying again while the identity provider is unreachable. */

    /**
     * A token that could not be checked (the identity provider's keys are unreachable) is not a bad
     * token: 503 {@code AUTH_UNAVAILABLE} with Retry-After, not 401, and not a 500.
     */
    @Override
    public Mono<Void> onAuthenticationFailure(WebFilterExchange webFilterExchange, AuthenticationException failure) {
        ServerWebExchange exchange = webFilterExchange.getExchange();
        if (TokenRefusals.unavailable(failure)) {
            return ProblemWriter.write(exchange, TokenRefusals.unavailable());
        }
        return commence(exchange, failure);
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        boolean badToken = failure instanceof OAuth2AuthenticationException;
        String challenge = badToken ? "Bearer error=\"invalid_token\"" : "Bearer";
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        return ProblemWriter.write(exchange, badToken ? TokenRefusals.invalid(failure) : missingToken());
    }

    static ProblemDetail missingToken() {
        return Problems.of(ProblemReason.UNAUTHENTICATED, "a bearer token is required");
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return ProblemWriter.write(exchange, Problems.of(ProblemReason.FORBIDDEN, "not allowed for this user"));
    }
}
