package org.televisit.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.televisit.web.ProblemReason;
import org.televisit.web.Problems;

/**
 * Says why a user token was refused in the client's terms (expired, not signed with our key, for
 * another audience...), the same on HTTP and in an RSocket SETUP, instead of repeating the JWT
 * library's message. Our own claim checks already speak the client's terms and pass through.
 */
final class TokenRefusals {

    /** Words of the JWT library's messages, and what they mean to a client; the first that matches wins. */
    private static final Map<String, String> MEANINGS = new LinkedHashMap<>();

    static {
        MEANINGS.put("expired", "it has expired");
        MEANINGS.put("used before", "it is not valid yet (nbf)");
        MEANINGS.put("aud", "it is for another audience (aud)");
        MEANINGS.put("iss", "it is from another issuer (iss)");
        MEANINGS.put("signature", "its signature does not verify with this service's key");
        MEANINGS.put("no matching key", "it is not signed with a key of this service");
        MEANINGS.put("algorithm", "it is not signed with an algorithm this service accepts");
        MEANINGS.put("exp", "it has no expiry (exp)");
    }

    /** Words that mark a message as the library's own (or Java's), never to be shown as they are. */
    private static final List<String> LIBRARY = List.of("jwt", "jws", "jose", "nimbus", "exception", "java.", "decode",
            "serializ", "parse", "json");

    /** How long a client waits before it asks again when the identity provider is out of reach. */
    static final long RETRY_AFTER_SECONDS = 5;

    private TokenRefusals() {
    }

    /** The problem for a token the decoder or our claim checks refused. */
    static ProblemDetail invalid(AuthenticationException failure) {
        return Problems.of(ProblemReason.INVALID_TOKEN, "the bearer token was refused: " + describe(failure));
    }

    /** The problem for a refusal that is no fault of the token: the identity provider's keys are out of reach. */
    static ProblemDetail unavailable() {
        return Problems.of(ProblemReason.AUTH_UNAVAILABLE.status(), ProblemReason.AUTH_UNAVAILABLE.name(),
                "the token cannot be checked now (the identity provider does not answer); try again shortly",
                Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS));
    }

    static boolean unavailable(AuthenticationException failure) {
        return failure instanceof AuthenticationServiceException;
    }

    private static String describe(AuthenticationException failure) {
        String message = failure instanceof OAuth2AuthenticationException oauth && oauth.getError().getDescription() != null
                ? oauth.getError().getDescription() : String.valueOf(failure.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (LIBRARY.stream().noneMatch(lower::contains)) {
            return message;
        }
        return MEANINGS.entrySet().stream().filter(meaning -> lower.contains(meaning.getKey()))
                .map(Map.Entry::getValue).findFirst()
                .orElse("it is not a well-formed signed token (a JWT of three parts, signed, with sub, role, aud and exp)");
    }
}
