package org.televisit.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request whose declared body is over 64 KiB before a byte of it is read.
 * Bodies without a length (chunked) are held to the same limit by the JSON codec
 * ({@code spring.codec.max-in-memory-size}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestLimits implements WebFilter {

    public static final int MAX_BODY_BYTES = 64 * 1024;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > MAX_BODY_BYTES) {
            return ProblemWriter.write(exchange, Problems.of(ProblemReason.PAYLOAD_TOO_LARGE,
                    "the request body is larger than " + MAX_BODY_BYTES + " bytes"));
        }
        return chain.filter(exchange);
    }
}
