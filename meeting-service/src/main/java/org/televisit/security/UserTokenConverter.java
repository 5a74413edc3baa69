package org.televisit.security;

import java.util.Locale;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import reactor.core.publisher.Mono;

/**
 * Reads the claims Televisit relies on from a verified token. A token without a subject
 * or without a known {@code role} is refused like a bad signature: 401.
 */
final class UserTokenConverter implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    static final int MAX_CLAIM_LENGTH = 200;

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > MAX_CLAIM_LENGTH || subject.chars().anyMatch(Character::isISOControl)) {
            return Mono.error(new InvalidBearerTokenException("the token has no usable sub claim"));
        }
        Role role = role(jwt.getClaimAsString("role"));
        if (role == null) {
            return Mono.error(new InvalidBearerTokenException("the token's role claim is missing or unknown"));
        }
        String name = printable(jwt.getClaimAsString("name"));
        User user = new User(subject, role, name == null || name.isBlank() ? subject : name,
                printable(jwt.getClaimAsString("email")), avatar(printable(jwt.getClaimAsString("picture"))));
        return Mono.just(new UserAuthentication(user, jwt));
    }

    /** Claims shown to people or stored: control characters are dropped, and length is capped. */
    private static String printable(String claim) {
        if (claim == null) {
            return null;
        }
        String clean = claim.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > MAX_CLAIM_LENGTH ? clean.substring(0, MAX_CLAIM_LENGTH) : clean;
    }

    /** Only an https URL of sane length becomes the avatar Jitsi shows; anything else is dropped. */
    private static String avatar(String picture) {
        return picture != null && picture.startsWith("https://") && picture.length() <= MAX_CLAIM_LENGTH ? picture : null;
    }

    private static Role role(String claim) {
        if (claim == null) {
            return null;
        }
        try {
            return Role.valueOf(claim.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
