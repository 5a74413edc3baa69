package org.televisit.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.televisit.support.ApiTest;
import org.televisit.support.Tokens;

/** Every way a bearer token can be wrong is a 401 problem with a challenge, and nothing is served. */
class AuthenticationTest extends ApiTest {

    private final String doctor = Tokens.newId(Role.DOCTOR);

    @Test
    void aValidTokenIsAccepted() {
        call(Tokens.token(doctor, Role.DOCTOR)).expectStatus().isOk();
    }

    @Test
    void noTokenIsUnauthenticated() {
        expect401(http.get().uri("/api/appointments").exchange(), "UNAUTHENTICATED")
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer");
    }

    /**
     * A request without any credentials is answered before the security chain (MissingCredentials);
     * one with a header the chain does not take (Basic) still goes through it. Both must look the
     * same to a client: status, challenge, problem, and the headers that forbid caching and framing.
     */
    @Test
    void noCredentialsAtAllGetTheSameAnswerAsTheSecurityChainGives() {
        var direct = http.get().uri("/api/appointments/" + UUID.randomUUID()).exchange()
                .expectStatus().isUnauthorized().expectBody(String.class).returnResult();
        var throughChain = http.get().uri("/api/appointments/" + UUID.randomUUID())
                .header("Authorization", "Basic dXNlcjpwYXNz").exchange()
                .expectStatus().isUnauthorized().expectBody(String.class).returnResult();
        for (String header : new String[] {"WWW-Authenticate", "Content-Type", "Cache-Control", "Pragma", "Expires",
                "X-Content-Type-Options", "X-Frame-Options", "X-XSS-Protection", "Referrer-Policy"}) {
            assertThat(direct.getResponseHeaders().get(header)).as(header)
                    .isNotNull().isEqualTo(throughChain.getResponseHeaders().get(header));
        }
        assertThat(direct.getResponseBody().replaceAll("/api/appointments/[0-9a-f-]+", "…"))
                .isEqualTo(throughChain.getResponseBody().replaceAll("/api/appointments/[0-9a-f-]+", "…"))
                .contains("\"reason\":\"UNAUTHENTICATED\"");
    }

    @Test
    void anUnsignedTokenWithAlgNoneIsRefused() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)).toString();
        String claims = Base64URL.encode(validClaims().toString().getBytes(StandardCharsets.UTF_8)).toString();
        expect401(call(header + "." + claims + "."), "INVALID_TOKEN");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        expect401(call(Tokens.sign(validClaims(), "another-secret-that-is-also-long-enough!!")), "INVALID_TOKEN");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        expect401(call(Tokens.token(doctor, Role.DOCTOR, claims -> claims.audience("some-other-service"))), "INVALID_TOKEN");
    }

    @Test
    void anExpiredTokenIsRefused() {
        expect401(call(Tokens.token(doctor, Role.DOCTOR,
                claims -> claims.expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5)))))), "INVALID_TOKEN");
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        expect401(call(Tokens.token(doctor, Role.DOCTOR, claims -> claims.expirationTime(null))), "INVALID_TOKEN");
    }

    @Test
    void aTokenWithAnUnknownRoleIsRefused() {
        expect401(call(Tokens.token(doctor, Role.DOCTOR, claims -> claims.claim("role", "SUPERUSER"))), "INVALID_TOKEN");
        expect401(call(Tokens.token(doctor, Role.DOCTOR, claims -> claims.claim("role", null))), "INVALID_TOKEN");
    }

    @Test
    void aMalformedTokenOrHeaderIsRefused() {
        expect401(call("not-a-jwt"), "INVALID_TOKEN");
        expect401(call("eyJub3Q.a.jwt"), "INVALID_TOKEN");
        expect401(http.get().uri("/api/appointments").header("Authorization", "Bearer").exchange(), "INVALID_TOKEN");
        expect401(http.get().uri("/api/appointments").header("Authorization", "Basic dXNlcjpwYXNz").exchange(), "UNAUTHENTICATED");
    }

    @Test
    void aTokenInTheUrlIsNeverAccepted() {
        expect401(http.get().uri("/api/appointments?access_token=" + Tokens.token(doctor, Role.DOCTOR)).exchange(),
                "UNAUTHENTICATED");
    }

    @Test
    void demoLoginDoesNotExistOutsideDemoMode() {
        http.post().uri("/demo/login").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"user\":\"dr-alice\"}")
                .exchange().expectStatus().isNotFound();
    }

    private JWTClaimsSet validClaims() {
        return new JWTClaimsSet.Builder().subject(doctor).audience(Tokens.AUDIENCE)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).claim("role", "DOCTOR").build();
    }

    private WebTestClient.ResponseSpec call(String token) {
        return http.get().uri("/api/appointments").header("Authorization", "Bearer " + token).exchange();
    }

    private static WebTestClient.ResponseSpec expect401(WebTestClient.ResponseSpec response, String reason) {
        response.expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.reason").isEqualTo(reason)
                .jsonPath("$.items").doesNotExist();
        return response;
    }
}
