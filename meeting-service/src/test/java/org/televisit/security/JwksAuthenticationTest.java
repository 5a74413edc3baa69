package org.televisit.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.support.TestDatabaseProperties;
import org.televisit.testdb.TestDatabase;
import org.televisit.support.Tokens;

/**
 * User tokens from an identity provider: RS256, verified against the provider's JWKS document
 * (served here by a local HTTP server standing in for the provider) and its issuer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwksAuthenticationTest {

    private static final String ISSUER = "https://idp.clinic.example/realms/clinic";
    private static final RSAKey PROVIDER_KEY = generate("provider-key");
    /** While set, the provider answers 503: its keys cannot be fetched. */
    private static volatile boolean providerDown;
    private static final HttpServer PROVIDER = serveJwks();

    @LocalServerPort
    int port;

    WebTestClient http;

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        TestDatabaseProperties.register(registry);
        registry.add("televisit.room.secret", () -> org.televisit.support.ApiTest.ROOM_SECRET);
        registry.add("televisit.demo", () -> "false");
        registry.add("televisit.auth.jwks-uri", () -> "http://127.0.0.1:" + PROVIDER.getAddress().getPort() + "/jwks");
        registry.add("televisit.auth.issuer", () -> ISSUER);
    }

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.stop(0);
    }

    @Test
    void aTokenSignedByTheProviderForItsIssuerIsAccepted() {
        call(sign(PROVIDER_KEY, claims(ISSUER))).expectStatus().isOk();
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        call(sign(PROVIDER_KEY, claims("https://evil.example/"))).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.reason").isEqualTo("INVALID_TOKEN");
    }

    @Test
    void aTokenSignedWithAKeyTheProviderDoesNotPublishIsRefused() {
        call(sign(generate("provider-key"), claims(ISSUER))).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.reason").isEqualTo("INVALID_TOKEN");
    }

    @Test
    void anHs256TokenIsRefusedWhenTheProviderSignsWithRs256() {
        call(Tokens.token("dr-x", Role.DOCTOR, claims -> claims.issuer(ISSUER))).expectStatus().isUnauthorized();
    }

    @Test
    void aProviderTokenWhoseRoleOrSubIsNotExactlyRightIsRefused() {
        JWTClaimsSet valid = claims(ISSUER);
        for (JWTClaimsSet wrong : List.of(
                new JWTClaimsSet.Builder(valid).claim("role", "doctor").build(),
                new JWTClaimsSet.Builder(valid).claim("role", "DOCTOR\u0000").build(),
                new JWTClaimsSet.Builder(valid).claim("sub", 1234).build())) {
            call(sign(PROVIDER_KEY, wrong)).expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.reason").isEqualTo("INVALID_TOKEN")
                    .jsonPath("$.detail").value(String.class, detail -> assertThat(detail).matches(
                            "the bearer token was refused: (role: not one of DOCTOR, PATIENT, AGENCY, SCHEDULER, ADMIN|sub: must be a string)"));
        }
    }

    @Test
    void whileTheProviderIsDownATokenThatCannotBeCheckedIsA503NotA401() {
        providerDown = true;
        try {
            // A key id the decoder has not cached makes it fetch the provider's keys.
            call(sign(generate("rotated-key"), claims(ISSUER))).expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "5")
                    .expectHeader().contentType("application/problem+json")
                    .expectBody().jsonPath("$.reason").isEqualTo("AUTH_UNAVAILABLE");
        } finally {
            providerDown = false;
        }
        call(sign(PROVIDER_KEY, claims(ISSUER))).expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec call(String token) {
        return http.get().uri("/api/appointments").header("Authorization", "Bearer " + token).exchange();
    }

    private static JWTClaimsSet claims(String issuer) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject("dr-jwks").audience(Tokens.AUDIENCE)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10))))
                .claim("role", "DOCTOR").claim("name", "Dr. Jay Wks").build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer serveJwks() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] jwks = new JWKSet(PROVIDER_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                if (providerDown) {
                    exchange.sendResponseHeaders(503, -1);
                    exchange.close();
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
