package org.televisit.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
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

    private static final String MALFORMED = "it is not a well-formed signed token (a JWT of three parts, signed, with sub, role, aud and exp)";

    /**
     * Phrases of the JWT library's messages, as whole words, and what they mean to a client; the first
     * that matches wins, so a malformed token (whose message may say "Missing" or "expected") is named
     * before the claims' words are looked for.
     */
    private static final Map<Pattern, String> MEANINGS = new LinkedHashMap<>();

    static {
        meaning("serializ\\w*|malformed|missing dot\\w*|invalid jwt|pars\\w*", MALFORMED);
        meaning("expired", "it has expired");
        meaning("used before", "it is not valid yet (nbf)");
        meaning("aud|audience", "it is for another audience (aud)");
        meaning("iss|issuer", "it is from another issuer (iss)");
        meaning("signature", "its signature does not verify with this service's key");
        meaning("no matching key", "it is not signed with a key of this service");
        meaning("algorithm", "it is not signed with an algorithm this service accepts");
        meaning("exp", "it has no expiry (exp)");
    }

    private static void meaning(String words, String meaning) {
        MEANINGS.put(Pattern.compile("\\b(" + words + ")\\b", Pattern.CASE_INSENSITIVE), meaning);
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
        return MEANINGS.entrySet().stream().filter(meaning -> meaning.getKey().matcher(message).find())
                .map(Map.Entry::getValue).findFirst().orElse(MALFORMED);
    }
}
