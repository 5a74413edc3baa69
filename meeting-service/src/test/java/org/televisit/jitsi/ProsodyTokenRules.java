package org.televisit.jitsi;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks Jitsi's Prosody token authentication makes, restated in Java from its sources
 * (luajwtjitsi's decode and resources/prosody-plugins/token/util.lib.lua): header typ "JWT",
 * a supported alg (never none), numeric exp/nbf, the signature, exp and nbf against the time,
 * iss among the accepted issuers (default: the app id), a room claim, an accepted aud, and on
 * joining, the MUC room equal to the lower-cased room claim (or "*"); with domain verification
 * on, sub must name the domain. It stands in for Prosody, which cannot run here; it is written
 * from Jitsi's rules, not from Televisit's code.
 */
final class ProsodyTokenRules {

    private final String appId;
    private final String appSecret;
    private final List<String> acceptedAudiences;

    ProsodyTokenRules(String appId, String appSecret, List<String> acceptedAudiences) {
        this.appId = appId;
        this.appSecret = appSecret;
        this.acceptedAudiences = acceptedAudiences;
    }

    /** Returns null when Prosody would let the holder join {@code mucRoom} on {@code domain} at {@code now}, else its error. */
    String check(String token, String mucRoom, String domain, Instant now) throws Exception {
        JWSObject jws = JWSObject.parse(token);
        if (!"JWT".equals(String.valueOf(jws.getHeader().getType()))) {
            return "Invalid typ";
        }
        JWSAlgorithm alg = jws.getHeader().getAlgorithm();
        if (alg == null || !List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512).contains(alg)) {
            return "Algorithm not supported";
        }
        Map<String, Object> body = jws.getPayload().toJSONObject();
        if (body.containsKey("exp") && !(body.get("exp") instanceof Number)) {
            return "exp must be number";
        }
        if (body.containsKey("nbf") && !(body.get("nbf") instanceof Number)) {
            return "nbf must be number";
        }
        if (!jws.verify(new MACVerifier(appSecret.getBytes(StandardCharsets.UTF_8)))) {
            return "Invalid signature";
        }
        long seconds = now.getEpochSecond();
        if (body.get("exp") instanceof Number exp && seconds >= exp.longValue()) {
            return "Not acceptable by exp";
        }
        if (body.get("nbf") instanceof Number nbf && seconds < nbf.longValue()) {
            return "Not acceptable by nbf";
        }
        if (!appId.equals(body.get("iss"))) {
            return "Invalid issuer ('iss' claim)";
        }
        if (body.get("room") == null) {
            return "'room' claim is missing";
        }
        Object aud = body.get("aud");
        if (aud == null) {
            return "'aud' claim is missing";
        }
        if (!acceptedAudiences.contains("*") && !acceptedAudiences.contains(String.valueOf(aud))) {
            return "Invalid audience ('aud' claim)";
        }
        String room = String.valueOf(body.get("room"));
        if (!"*".equals(room) && !mucRoom.equals(room.toLowerCase(Locale.ROOT))) {
            return "Room and token mismatched";
        }
        Object sub = body.get("sub");
        if (!"*".equals(sub) && !domain.equalsIgnoreCase(String.valueOf(sub))) {
            return "Domain and token mismatched";
        }
        return null;
    }
}
