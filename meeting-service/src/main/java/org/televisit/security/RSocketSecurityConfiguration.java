package org.televisit.security;

import io.rsocket.frame.FrameLengthCodec;
import org.springframework.boot.rsocket.server.RSocketServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.rsocket.EnableRSocketSecurity;
import org.springframework.security.config.annotation.rsocket.RSocketSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.rsocket.core.PayloadSocketAcceptorInterceptor;

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
        return rsocket
                .authorizePayload(authorize -> authorize.setup().authenticated().anyExchange().authenticated())
                .jwt(jwt -> jwt.authenticationManager(tokens))
                .build();
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
