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
    void aRoleMustBeOneOfTheRoleNamesExactly() {
        for (Object role : new Object[] {"ADMIN\u0000", "admin", " ADMIN", "ADMIN ", "Doctor", "ADMIN\n", 1, java.util.List.of("ADMIN")}) {
            refused(call(Tokens.token(doctor, Role.DOCTOR, claims -> claims.claim("role", role))),
                    "the bearer token was refused: role: not one of DOCTOR, PATIENT, AGENCY, SCHEDULER, ADMIN");
        }
        refused(call(Tokens.token(doctor, Role.DOCTOR, claims -> claims.claim("role", null))),
                "the bearer token was refused: role: is required, one of DOCTOR, PATIENT, AGENCY, SCHEDULER, ADMIN");
    }

    @Test
    void aSubMustBeAStringOfPrintableCharacters() {
        refused(call(Tokens.token(doctor, Role.DOCTOR, claims -> claims.claim("sub", 42))), "the bearer token was refused: sub: must be a string");
        refused(call(Tokens.token(doctor, Role.DOCTOR, claims -> claims.claim("sub", null))), "the bearer token was refused: sub: is required");
        for (String sub : new String[] {"", "d".repeat(201)}) {
            refused(call(Tokens.token(sub, Role.DOCTOR)), "the bearer token was refused: sub: must be 1 to 200 characters");
        }
        for (String sub : new String[] {"dr\u0000x", "dr\u0007x", "dr\nx", "dr\u200bx", "dr\u202ex", " dr-x", "dr-x ", "dr-x\u00a0"}) {
            refused(call(Tokens.token(sub, Role.DOCTOR)),
                    "the bearer token was refused: sub: must be printable characters, without leading or trailing spaces");
        }
        call(Tokens.token("d".repeat(200), Role.DOCTOR)).expectStatus().isOk();
        call(Tokens.token("dr. Zoë Ødegård 医生", Role.DOCTOR)).expectStatus().isOk();
    }

    @Test
    void namesAndEmailsShownToPeopleAreStringsOfSaneLengthWithoutControlCharacters() {
        String[][] refused = {
                {"name", "Dr.\u0000Evil", "name: must not contain control characters"},
                {"name", "Dr. \u202eliveD", "name: must not contain control characters"},
                {"name", "x".repeat(201), "name: must be at most 200 characters"},
                {"email", "a@b.example\r\nBcc: c@d.example", "email: must not contain control characters"},
                {"picture", "https://idp.example/\u0000.png", "picture: must not contain control characters"}};
        for (String[] claim : refused) {
            refused(call(Tokens.token(doctor, Role.DOCTOR, claims -> claims.claim(claim[0], claim[1]))),
                    "the bearer token was refused: " + claim[2]);
        }
        refused(call(Tokens.token(doctor, Role.DOCTOR, claims -> claims.claim("name", 7))), "the bearer token was refused: name: must be a string");
        call(Tokens.token(doctor, Role.DOCTOR, claims -> claims.claim("name", "Dr. Family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67")))
                .expectStatus().isOk();
    }

    @Test
    void aRefusedClaimIsAlsoRefusedWhenAskingForAStreamTicket() {
        refused(http.post().uri("/api/stream-tickets")
                .header("Authorization", "Bearer " + Tokens.token(doctor, Role.DOCTOR, claims -> claims.claim("role", "ADMIN\u0000")))
                .exchange(), "the bearer token was refused: role: not one of DOCTOR, PATIENT, AGENCY, SCHEDULER, ADMIN");
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

    /** A 401 INVALID_TOKEN whose detail, in the client's terms, is {@code detail}. */
    private static void refused(WebTestClient.ResponseSpec response, String detail) {
        response.expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED)
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.reason").isEqualTo("INVALID_TOKEN")
                .jsonPath("$.detail").isEqualTo(detail)
                .jsonPath("$.detail").value(String.class, text -> assertThat(text).doesNotContain("Exception", "java", "nimbus", "Jwt"));
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
