package org.televisit.web;

import org.springframework.core.annotation.Order;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Failures raised outside a controller (in a web filter: redeeming a stream ticket, say) get the
 * same problem+json a controller's would, instead of the framework's own error body: a database
 * outage is 503 {@code DATABASE_UNAVAILABLE} with Retry-After, a status refusal keeps its status, and
 * anything else is a logged 500 that says nothing of its cause. Runs before Spring Boot's handler.
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements WebExceptionHandler {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        if (failure instanceof ServerExchangeRejectedException) {
            return ProblemWriter.write(exchange, RefusedBeforeTheApplication.malformed());
        }
        if (failure instanceof ResponseStatusException status) {
            return ProblemWriter.write(exchange, ProblemHandler.statusProblem(status));
        }
        return ProblemWriter.write(exchange, ProblemHandler.unexpectedProblem(failure, exchange));
    }
}
