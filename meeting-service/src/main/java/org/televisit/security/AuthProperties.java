package org.televisit.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How user tokens are verified: an HS256 key ({@code TELEVISIT_AUTH_HMAC_SECRET}), or an
 * identity provider's JWKS ({@code TELEVISIT_AUTH_JWKS_URI} with {@code TELEVISIT_AUTH_ISSUER});
 * either way the {@code aud} must be {@code TELEVISIT_AUTH_AUDIENCE}.
 */
@ConfigurationProperties("televisit.auth")
public record AuthProperties(
        String hmacSecret,
        String jwksUri,
        String issuer,
        @DefaultValue("televisit") String audience) {
}
