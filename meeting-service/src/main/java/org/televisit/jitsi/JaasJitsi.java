package org.televisit.jitsi;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * 8x8 Jitsi as a Service. Tokens are RS256 with the tenant's API key: header {@code kid} =
 * {@code <tenant>/<key id>}, {@code iss} "chat", {@code aud} "jitsi", {@code sub} = tenant,
 * {@code room}, {@code context.user.moderator} as the string "true" or "false", and
 * {@code context.features} (recording, streaming and calls out stay off; JaaS grants features
 * to moderators only). Rooms live under the tenant: {@code <tenant>/<room>}.
 */
record JaasJitsi(String domain, String tenant, String externalApiUrl, JWSHeader header, RSASSASigner signer) implements Jitsi {

    private static final String[] FEATURES = {"livestreaming", "recording", "transcription", "outbound-call", "sip-outbound-call"};

    JaasJitsi(String domain, String tenant, String keyId, String externalApiUrl, RSASSASigner signer) {
        this(domain, tenant, externalApiUrl,
                new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(tenant + "/" + keyId).build(), signer);
    }

    @Override
    public JitsiProvider provider() {
        return JitsiProvider.JAAS;
    }

    @Override
    public String roomPath(String roomName) {
        return tenant + "/" + roomName;
    }

    @Override
    public Optional<String> token(JitsiSeat seat) {
        Map<String, Object> features = new LinkedHashMap<>();
        for (String feature : FEATURES) {
            features.put(feature, "false");
        }
        var claims = JwtClaims.forSeat(seat)
                .issuer("chat")
                .audience("jitsi")
                .subject(tenant)
                .claim("context", Map.of(
                        "user", JwtClaims.user(seat, String.valueOf(seat.moderator())),
                        "features", features))
                .build();
        return Optional.of(JwtClaims.sign(header, claims, signer));
    }
}
