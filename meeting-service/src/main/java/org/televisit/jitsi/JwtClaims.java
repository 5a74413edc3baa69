package org.televisit.jitsi;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parts of a Jitsi token every provider shares: room and time claims, user context, signing. */
final class JwtClaims {

    private JwtClaims() {
    }

    static JWTClaimsSet.Builder forSeat(JitsiSeat seat) {
        return new JWTClaimsSet.Builder()
                .claim("room", seat.roomName())
                .issueTime(Date.from(seat.notBefore()))
                .notBeforeTime(Date.from(seat.notBefore()))
                .expirationTime(Date.from(seat.expiresAt()));
    }

    /** {@code context.user}: id, name and, when known, email and avatar; moderator in the provider's own form. */
    static Map<String, Object> user(JitsiSeat seat, Object moderator) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", seat.user().id());
        user.put("name", seat.user().name());
        if (seat.user().email() != null) {
            user.put("email", seat.user().email());
        }
        if (seat.user().avatar() != null) {
            user.put("avatar", seat.user().avatar());
        }
        user.put("moderator", moderator);
        return user;
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a Jitsi token", e);
        }
    }
}
