package org.televisit.web;

import io.micrometer.context.ContextRegistry;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an id, on the log lines written while it runs ({@code requestId} in the
 * MDC: restored from the Reactor context inside {@code handle}/{@code tap} operators, where the
 * access log is written, and by {@link #withRequestId} elsewhere) and in the {@code X-Request-Id} response
 * header, so a user's report and the logs meet. A well-formed id from a proxy is kept; anything
 * else is replaced, so a client cannot write into the logs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIds implements WebFilter {

    static final String HEADER = "X-Request-Id";
    static final String KEY = "requestId";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    static {
        ContextRegistry.getInstance().registerThreadLocalAccessor(KEY, () -> MDC.get(KEY),
                value -> MDC.put(KEY, value), () -> MDC.remove(KEY));
    }

    /** Runs {@code logging} with this request's id in the MDC, for code outside a handle or tap operator. */
    static void withRequestId(ServerWebExchange exchange, Runnable logging) {
        String id = exchange.getResponse().getHeaders().getFirst(HEADER);
        if (id == null) {
            logging.run();
            return;
        }
        try (var scope = MDC.putCloseable(KEY, id)) {
            logging.run();
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String offered = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = offered != null && ACCEPTED.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        exchange.getResponse().getHeaders().set(HEADER, id);
        return chain.filter(exchange).contextWrite(context -> context.put(KEY, id));
    }
}
