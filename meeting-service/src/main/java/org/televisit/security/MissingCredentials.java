package org.televisit.security;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.televisit.web.DefaultHeaders;
import org.televisit.web.ProblemReason;
import org.televisit.web.ProblemWriter;
import org.televisit.web.Problems;
import reactor.core.publisher.Mono;

/**
 * Answers an API request that carries no credentials at all (no bearer header, no stream ticket)
 * with the same 401 {@code UNAUTHENTICATED} problem and headers as the security chain would, without
 * running it: there the refusal travels as two exceptions, each filling a stack trace that every
 * filter's Reactor checkpoint then reads, and that was most of what a 401 cost (docs/benchmarks.md).
 * Cross-origin requests still go through the chain, which adds the CORS headers a host app needs
 * to read the answer. The webhooks ({@link SecurityConfiguration#WEBHOOKS}) are not user requests:
 * they pass, and authenticate themselves.
 */
@Component
class MissingCredentials implements WebFilter, Ordered {

    @Override
    public int getOrder() {
        return -150; // before Spring Security's WebFilterChainProxy (-100)
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        String path = request.getPath().pathWithinApplication().value();
        boolean bare = path.startsWith("/api/")
                && !path.startsWith(SecurityConfiguration.WEBHOOKS)
                && request.getMethod() != HttpMethod.OPTIONS
                && !headers.containsHeader(HttpHeaders.AUTHORIZATION)
                && !headers.containsHeader(HttpHeaders.ORIGIN)
                && !request.getQueryParams().containsKey(StreamTicketFilter.PARAMETER);
        if (!bare) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        DefaultHeaders.protectAndNeverCache(exchange);
        return ProblemWriter.write(exchange, ProblemSecurityHandlers.missingToken());
    }
}
