package org.televisit.security;

import io.rsocket.SocketAcceptor;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.frame.FrameLengthCodec;
import java.util.List;
import org.springframework.boot.rsocket.server.RSocketServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.config.annotation.rsocket.EnableRSocketSecurity;
import org.springframework.security.config.annotation.rsocket.RSocketSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.rsocket.core.PayloadSocketAcceptorInterceptor;
import org.televisit.web.ProblemReason;
import org.televisit.web.Problems;
import reactor.core.publisher.Mono;

/**
 * RSocket connections authenticate once, in SETUP, with the same bearer token (and the same
 * checks) as the HTTP API; a SETUP without a valid token is rejected and nothing else is served.
 * Every request on the connection then acts as that user.
 */
@Configuration(proxyBeanMethods = false)
@EnableRSocketSecurity
class RSocketSecurityConfiguration {

    @Bean
    PayloadSocketAcceptorInterceptor rsocketSecurity(RSocketSecurity rsocket, ReactiveJwtDecoder userTokenDecoder) {
        JwtReactiveAuthenticationManager tokens = new JwtReactiveAuthenticationManager(userTokenDecoder);
        tokens.setJwtAuthenticationConverter(new UserTokenConverter());
        return new ProblemRefusals(rsocket
                .authorizePayload(authorize -> authorize.setup().authenticated().anyExchange().authenticated())
                .jwt(jwt -> jwt.authenticationManager(tokens))
                .build());
    }

    /**
     * A refused SETUP says why as a problem, like a refused HTTP request, not with the words of the
     * JWT library or of Netty (a malformed metadata length): the error frame's text is the problem's
     * compact JSON. Spring Boot registers the interceptor it is given; this one wraps Spring Security's.
     */
    static final class ProblemRefusals extends PayloadSocketAcceptorInterceptor {

        private final PayloadSocketAcceptorInterceptor secured;

        ProblemRefusals(PayloadSocketAcceptorInterceptor secured) {
            super(List.of());
            this.secured = secured;
        }

        @Override
        public SocketAcceptor apply(SocketAcceptor acceptor) {
            SocketAcceptor checked = secured.apply(acceptor);
            return (setup, socket) -> Mono.defer(() -> checked.accept(setup, socket))
                    .onErrorMap(failure -> !(failure instanceof RejectedSetupException rejected && rejected.getMessage().startsWith("{")),
                            failure -> new RejectedSetupException(Problems.asFrameText(problem(failure))));
        }

        private static ProblemDetail problem(Throwable failure) {
            AuthenticationException refused = failure instanceof AuthenticationException e ? e
                    : failure.getCause() instanceof AuthenticationException e ? e : null;
            if (refused instanceof AuthenticationCredentialsNotFoundException) {
                return Problems.of(ProblemReason.UNAUTHENTICATED, "a bearer token is required in SETUP's metadata "
                        + "(message/x.rsocket.authentication.v0, bearer)");
            }
            if (refused != null) {
                return TokenRefusals.unavailable(refused) ? TokenRefusals.unavailable() : TokenRefusals.invalid(refused);
            }
            if (failure instanceof AccessDeniedException) {
                return Problems.of(ProblemReason.UNAUTHENTICATED, "a bearer token is required in SETUP's metadata");
            }
            return Problems.of(ProblemReason.MALFORMED_REQUEST, "SETUP's metadata could not be read: composite metadata "
                    + "(message/x.rsocket.composite-metadata.v0) holding the bearer token is expected");
        }
    }

    /**
     * A WebSocket frame is capped at 64 KiB ({@code spring.rsocket.server.spec}); a payload a
     * client splits into RSocket fragments is reassembled up to the smallest cap RSocket accepts,
     * its frame length (16 MiB), and no further.
     */
    @Bean
    RSocketServerCustomizer rsocketPayloadLimit() {
        return server -> server.maxInboundPayloadSize(FrameLengthCodec.FRAME_LENGTH_MASK);
    }
}
