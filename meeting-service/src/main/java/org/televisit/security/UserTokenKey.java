package org.televisit.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.televisit.startup.StartupFailure;

/**
 * The verified source of user tokens: an HS256 key, or a JWKS URI and issuer. Built once at
 * start-up; a missing or weak setting outside demo mode stops start-up naming the variable.
 * Demo mode without a secret generates one (tokens then last until the next restart).
 */
public record UserTokenKey(SecretKey hmacKey, String jwksUri, String issuer, String audience) {

    public static final int MIN_SECRET_BYTES = 32;

    private static final Logger log = LoggerFactory.getLogger(UserTokenKey.class);

    static UserTokenKey resolve(AuthProperties auth, boolean demo) {
        String audience = blankToNull(auth.audience());
        if (audience == null) {
            throw new StartupFailure("TELEVISIT_AUTH_AUDIENCE is empty", "Set TELEVISIT_AUTH_AUDIENCE (default: televisit)");
        }
        String jwksUri = blankToNull(auth.jwksUri());
        String secret = blankToNull(auth.hmacSecret());
        if (jwksUri != null) {
            if (demo) {
                throw new StartupFailure("Demo mode signs its own user tokens and cannot use TELEVISIT_AUTH_JWKS_URI",
                        "Set TELEVISIT_DEMO=false, or unset TELEVISIT_AUTH_JWKS_URI");
            }
            String issuer = blankToNull(auth.issuer());
            if (issuer == null) {
                throw new StartupFailure("TELEVISIT_AUTH_JWKS_URI is set but TELEVISIT_AUTH_ISSUER is not",
                        "Set TELEVISIT_AUTH_ISSUER to the identity provider's issuer (the tokens' iss claim)");
            }
            return new UserTokenKey(null, jwksUri, issuer, audience);
        }
        if (demo && secret != null) {
            throw new StartupFailure("TELEVISIT_DEMO=true lets anyone sign in as any demo user, so it cannot run with a real "
                    + "TELEVISIT_AUTH_HMAC_SECRET", "Unset TELEVISIT_AUTH_HMAC_SECRET for a demo, or set TELEVISIT_DEMO=false");
        }
        if (secret == null) {
            if (!demo) {
                throw new StartupFailure("TELEVISIT_AUTH_HMAC_SECRET is not set, so no user token can be verified",
                        "Set TELEVISIT_AUTH_HMAC_SECRET to at least " + MIN_SECRET_BYTES
                                + " random bytes, or TELEVISIT_AUTH_JWKS_URI and TELEVISIT_AUTH_ISSUER");
            }
            log.info("Demo mode: generated a user-token key; demo tokens stop working at the next restart");
            byte[] generated = new byte[MIN_SECRET_BYTES];
            new SecureRandom().nextBytes(generated);
            return new UserTokenKey(hmac(generated), null, blankToNull(auth.issuer()), audience);
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new StartupFailure("TELEVISIT_AUTH_HMAC_SECRET is " + bytes.length + " bytes long; HS256 needs at least "
                    + MIN_SECRET_BYTES, "Set TELEVISIT_AUTH_HMAC_SECRET to at least " + MIN_SECRET_BYTES + " random bytes");
        }
        return new UserTokenKey(hmac(bytes), null, blankToNull(auth.issuer()), audience);
    }

    private static SecretKey hmac(byte[] bytes) {
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return hmacKey != null ? "UserTokenKey[HS256]" : "UserTokenKey[JWKS " + jwksUri + ", issuer " + issuer + "]";
    }
}
