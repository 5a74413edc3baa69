package org.televisit.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.televisit.demo.DemoMode;

/**
 * Bearer-token security for the API: every {@code /api/**} request needs a verified user
 * token (signature, {@code aud}, {@code exp} required and in the future); static pages, the
 * API description and demo login are public. Stateless: no session, no cookie, no CSRF surface.
 * Tokens are read from the Authorization header only, never from a URL; the event streams also
 * take a one-use {@link StreamTickets stream ticket} in the URL, for browsers' EventSource.
 * The video services' webhooks ({@value #WEBHOOKS}) carry no user token: a chain of their own lets
 * them through to their controllers, which authenticate each call by its signature or shared secret.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration implements WebFluxConfigurer {

    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** Where the video services' webhooks are received (the attendance feature authenticates them). */
    static final String WEBHOOKS = "/api/jitsi/webhooks/";

    @Bean
    UserTokenKey userTokenKey(AuthProperties auth, Environment environment) {
        return UserTokenKey.resolve(auth, DemoMode.enabled(environment));
    }

    @Bean
    ReactiveJwtDecoder userTokenDecoder(UserTokenKey key, Clock clock) {
        NimbusReactiveJwtDecoder decoder = key.hmacKey() != null
                ? NimbusReactiveJwtDecoder.withSecretKey(key.hmacKey()).macAlgorithm(MacAlgorithm.HS256).build()
                : NimbusReactiveJwtDecoder.withJwkSetUri(key.jwksUri()).build();
        decoder.setJwtValidator(validator(key, clock));
        // A key set that cannot be fetched surfaces as a bare IllegalStateException; as a JwtException
        // (not a BadJwtException) it becomes AuthenticationServiceException: 503, not a 500 or a 401.
        return token -> decoder.decode(token).onErrorMap(error -> !(error instanceof JwtException),
                error -> new JwtException("the identity provider's keys cannot be fetched", error));
    }

    private static OAuth2TokenValidator<Jwt> validator(UserTokenKey key, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
        timestamps.setClock(clock);
        OAuth2TokenValidator<Jwt> expiryRequired = new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD, aud -> aud != null && aud.contains(key.audience()));
        return key.issuer() == null
                ? new DelegatingOAuth2TokenValidator<>(expiryRequired, timestamps, audience)
                : new DelegatingOAuth2TokenValidator<>(expiryRequired, timestamps, audience, new JwtIssuerValidator(key.issuer()));
    }

    /**
     * No observation of Security's own steps (one per filter, per authentication and per
     * authorization): each opened and closed a Micrometer observation and restored thread locals
     * around it, on every request, and no dashboard or alert reads them (docs/benchmarks.md has the
     * profile). The request as a whole is still observed ({@code http_server_requests}).
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The webhooks' chain, matched before the user-token chain: no bearer-token decoding (Prosody's
     * {@code Authorization: Bearer} holds a shared secret, not a user token), no session, no CORS
     * (servers call them, not pages).
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain webhookFilterChain(ServerHttpSecurity http) {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers();
        return http
                .securityMatcher(new PathPatternParserServerWebExchangeMatcher(WEBHOOKS + "**"))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .build();
    }

    @Bean
    SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder decoder, StreamTickets tickets,
            HostOrigins hostOrigins) {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers();
        return http
                .cors(cors -> cors.configurationSource(hostOrigins.corsSource()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(StreamTicketFilter.create(tickets), SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/api/**").authenticated()
                        .pathMatchers(HttpMethod.POST, "/demo/login").permitAll()
                        .pathMatchers(HttpMethod.GET, "/demo/users", "/", "/*.html", "/*.js", "/*.css", "/*.ico", "/*.svg", "/js/**",
                                "/assets/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**", "/webjars/**").permitAll()
                        // Served on the management port only (MANAGEMENT_SERVER_PORT), never on the API port.
                        .pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .anyExchange().denyAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(new UserTokenConverter()))
                        .authenticationEntryPoint(problems)
                        .authenticationFailureHandler(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .build();
    }

    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new ActorArgumentResolver());
    }
}
