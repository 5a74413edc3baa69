package org.televisit.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;
import org.televisit.security.Role;

/**
 * Mints user tokens the way a clinic's identity provider would (HS256, {@code aud}, {@code exp}),
 * written here independently of the application's own code.
 */
public final class Tokens {

    public static final String SECRET = "test-secret-that-is-long-enough-for-hs256!";
    public static final String AUDIENCE = "televisit";

    private Tokens() {
    }

    /** A new user id, so each test's people are its own. */
    public static String newId(Role role) {
        return role.name().toLowerCase() + "-" + UUID.randomUUID();
    }

    public static String token(String userId, Role role) {
        return token(userId, role, claims -> { });
    }

    public static String token(String userId, Role role, Consumer<JWTClaimsSet.Builder> adjust) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .audience(AUDIENCE)
                .expirationTime(Date.from(TestClock.INSTANCE.instant().plus(Duration.ofHours(1))))
                .claim("role", role.name())
                .claim("name", "Test " + role.name().toLowerCase());
        adjust.accept(claims);
        return sign(claims.build(), SECRET);
    }

    public static String sign(JWTClaimsSet claims, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
