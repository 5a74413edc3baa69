package org.televisit.security;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.televisit.web.FreeText;
import reactor.core.publisher.Mono;

/**
 * Reads the claims Televisit relies on from a verified token, as the token's JSON states them,
 * and refuses (401, like a bad signature) a token whose claims are not what they must be:
 * {@code role} is a string equal to one of the {@link Role} names, exactly (no trimming, no case
 * folding); {@code sub} is a string of 1 to {@value User#MAX_ID_LENGTH} printable characters that
 * neither starts nor ends with a space (a number is not a sub); {@code name}, {@code email} and
 * {@code picture}, when present, are strings without control characters, {@code name} at most
 * {@value #MAX_CLAIM_LENGTH} characters and {@code email} at most {@value #MAX_EMAIL_LENGTH}.
 * Every path a user token is read on (bearer header, RSocket SETUP, either key source) comes here.
 */
final class UserTokenConverter implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    /** The longest name (and avatar URL) taken. */
    static final int MAX_CLAIM_LENGTH = User.MAX_NAME_LENGTH;
    static final int MAX_EMAIL_LENGTH = 254;

    private static final String ROLES = Arrays.stream(Role.values()).map(Role::name).collect(Collectors.joining(", "));

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        try {
            return Mono.just(new UserAuthentication(user(claimsAsSigned(jwt)), jwt));
        } catch (InvalidBearerTokenException refused) {
            return Mono.error(refused);
        }
    }

    /** The user the claims name, or {@link InvalidBearerTokenException} saying which claim is wrong and why. */
    static User user(Map<String, Object> claims) {
        String subject = subject(claims.get("sub"));
        Role role = role(claims.get("role"));
        String name = shown("name", claims.get("name"), MAX_CLAIM_LENGTH);
        String email = shown("email", claims.get("email"), MAX_EMAIL_LENGTH);
        String picture = shown("picture", claims.get("picture"), Integer.MAX_VALUE);
        return new User(subject, role, name == null || name.isBlank() ? subject : name, email, avatar(picture));
    }

    /**
     * The claims as the signed JSON has them. The decoder hands over {@code sub} as text even when
     * the token holds a number, so the types are read from the payload itself, which the decoder has
     * already verified.
     */
    private static Map<String, Object> claimsAsSigned(Jwt jwt) {
        String[] parts = jwt.getTokenValue().split("\\.", -1);
        if (parts.length != 3) {
            throw refused("the token's claims cannot be read");
        }
        try {
            return JSONObjectUtils.parse(new Base64URL(parts[1]).decodeToString());
        } catch (ParseException unreadable) {
            throw refused("the token's claims cannot be read");
        }
    }

    private static String subject(Object claim) {
        if (claim == null) {
            throw refused("sub: is required");
        }
        if (!(claim instanceof String subject)) {
            throw refused("sub: must be a string");
        }
        if (subject.isEmpty() || subject.length() > User.MAX_ID_LENGTH) {
            throw refused("sub: must be 1 to " + User.MAX_ID_LENGTH + " characters");
        }
        if (FreeText.Rule.problem(subject, User.MAX_ID_LENGTH, FreeText.Kind.ID).isPresent()) {
            throw refused("sub: must be printable characters, without leading or trailing spaces");
        }
        return subject;
    }

    private static Role role(Object claim) {
        if (claim == null) {
            throw refused("role: is required, one of " + ROLES);
        }
        return Arrays.stream(Role.values()).filter(role -> role.name().equals(claim)).findFirst()
                .orElseThrow(() -> refused("role: not one of " + ROLES));
    }

    /** A claim shown to people or put in a Jitsi token: absent, or a string of sane length without control characters. */
    private static String shown(String field, Object claim, int maxLength) {
        if (claim == null) {
            return null;
        }
        if (!(claim instanceof String text)) {
            throw refused(field + ": must be a string");
        }
        if (text.length() > maxLength) {
            throw refused(field + ": must be at most " + maxLength + " characters");
        }
        if (FreeText.Rule.problem(text, maxLength, FreeText.Kind.LINE).isPresent()) {
            throw refused(field + ": must not contain control characters");
        }
        return text;
    }

    /** Only an https URL of sane length becomes the avatar Jitsi shows; anything else is dropped. */
    private static String avatar(String picture) {
        return picture != null && picture.startsWith("https://") && picture.length() <= MAX_CLAIM_LENGTH ? picture : null;
    }

    private static InvalidBearerTokenException refused(String detail) {
        return new InvalidBearerTokenException(detail);
    }
}
