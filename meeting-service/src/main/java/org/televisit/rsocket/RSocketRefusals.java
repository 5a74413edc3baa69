package org.televisit.rsocket;

import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.util.RSocketProxy;
import org.reactivestreams.Publisher;
import org.springframework.boot.rsocket.server.RSocketServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.televisit.web.ProblemReason;
import org.televisit.web.Problems;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every error frame a client gets on /rsocket carries a problem, also for refusals no controller
 * answers: a route that does not exist (404 {@code NOT_FOUND}), a request the connection's user may
 * not make. Errors the controllers already shaped ({@link RSocketErrors}) pass through unchanged.
 */
@Configuration(proxyBeanMethods = false)
class RSocketRefusals {

    @Bean
    RSocketServerCustomizer problemForEveryErrorFrame() {
        return server -> server.interceptors(registry -> registry.forResponder(ProblemResponder::new));
    }

    static Throwable problem(Throwable failure) {
        if (failure instanceof ApplicationErrorException shaped && shaped.getMessage() != null && shaped.getMessage().startsWith("{")) {
            return shaped;
        }
        if (failure instanceof MessageDeliveryException) {
            return RSocketErrors.error(Problems.of(ProblemReason.NOT_FOUND,
                    "no such route; the routes are appointments.{id}.events, lobby.knock and lobby.decide"));
        }
        if (failure instanceof AuthenticationException) {
            return RSocketErrors.error(Problems.of(ProblemReason.UNAUTHENTICATED, "connect again with a valid bearer token in SETUP"));
        }
        if (failure instanceof AccessDeniedException) {
            return RSocketErrors.error(Problems.of(ProblemReason.FORBIDDEN, "not allowed for this user"));
        }
        return RSocketErrors.frame(failure);
    }

    private static final class ProblemResponder extends RSocketProxy {

        ProblemResponder(RSocket source) {
            super(source);
        }

        @Override
        public Mono<Void> fireAndForget(Payload payload) {
            return super.fireAndForget(payload).onErrorMap(RSocketRefusals::problem);
        }

        @Override
        public Mono<Payload> requestResponse(Payload payload) {
            return super.requestResponse(payload).onErrorMap(RSocketRefusals::problem);
        }

        @Override
        public Flux<Payload> requestStream(Payload payload) {
            return super.requestStream(payload).onErrorMap(RSocketRefusals::problem);
        }

        @Override
        public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
            return super.requestChannel(payloads).onErrorMap(RSocketRefusals::problem);
        }
    }
}
