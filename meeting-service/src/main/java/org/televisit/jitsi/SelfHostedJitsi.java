package org.televisit.jitsi;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import java.util.Map;
import java.util.Optional;

/**
 * A self-hosted Jitsi with Prosody token authentication ({@code authentication = "token"}).
 * Tokens follow what Prosody's token verifier checks: header {@code typ} JWT, HS256 with the
 * app secret, {@code iss} = app id (its accepted issuer), {@code aud}, {@code sub} = the domain,
 * {@code room} = the one room, numeric {@code nbf}/{@code exp}, and {@code context.user}.
 * The moderator is marked both ways deployments read it: {@code context.user.moderator} and
 * {@code context.user.affiliation} ("owner" for the moderator, else "member").
 */
record SelfHostedJitsi(String domain, String externalApiUrl, String appId, String audience, MACSigner signer) implements Jitsi {

    private static final JWSHeader HEADER = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();

    @Override
    public JitsiProvider provider() {
        return JitsiProvider.SELF_HOSTED;
    }

    @Override
    public String roomPath(String roomName) {
        return roomName;
    }

    @Override
    public Optional<String> token(JitsiSeat seat) {
        Map<String, Object> user = JwtClaims.user(seat, seat.moderator());
        user.put("affiliation", seat.moderator() ? "owner" : "member");
        var claims = JwtClaims.forSeat(seat)
                .issuer(appId)
                .audience(audience)
                .subject(domain)
                .claim("moderator", seat.moderator())
                .claim("context", Map.of("user", user))
                .build();
        return Optional.of(JwtClaims.sign(HEADER, claims, signer));
    }
}
