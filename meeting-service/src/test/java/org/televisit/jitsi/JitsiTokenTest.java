package org.televisit.jitsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.televisit.security.Role;
import org.televisit.security.User;
import org.televisit.startup.StartupFailure;

/**
 * Each provider's tokens, decoded and verified by code independent of the minting code
 * (nimbus verifiers with the secret or the public key, and Prosody's rules restated).
 */
class JitsiTokenTest {

    static final String APP_ID = "clinic-app";
    static final String APP_SECRET = "an-app-secret-shared-with-prosody-0123456789";
    static final String DOMAIN = "meet.clinic.example";
    static final String TENANT = "vpaas-magic-cookie-1fc542a3e4414a44b2611668195e2bfe";

    static final Instant OPENS = Instant.parse("2030-03-04T09:45:00Z");
    static final Instant CLOSES = Instant.parse("2030-03-04T12:00:00Z");
    static final User DOCTOR = new User("dr-1", Role.DOCTOR, "Dr. One", "one@clinic.example", "https://clinic.example/dr-1.png");
    static final User PATIENT = new User("pat-1", Role.PATIENT, "Pat One", null);

    @TempDir
    Path dir;

    @Test
    void selfHostedTokensPassProsodysChecksForTheirRoomOnly() throws Exception {
        Jitsi jitsi = selfHosted(APP_SECRET);
        String token = jitsi.token(seat("tvroomone", PATIENT, false)).orElseThrow();
        ProsodyTokenRules prosody = new ProsodyTokenRules(APP_ID, APP_SECRET, List.of("jitsi"));
        Instant during = OPENS.plus(Duration.ofMinutes(20));

        assertThat(prosody.check(token, "tvroomone", DOMAIN, during)).isNull();
        assertThat(prosody.check(token, "tvroomtwo", DOMAIN, during)).isEqualTo("Room and token mismatched");
        assertThat(prosody.check(token, "tvroomone", DOMAIN, CLOSES)).isEqualTo("Not acceptable by exp");
        assertThat(prosody.check(token, "tvroomone", DOMAIN, OPENS.minus(Duration.ofMinutes(2)))).isEqualTo("Not acceptable by nbf");
        assertThat(prosody.check(token, "tvroomone", DOMAIN, OPENS.minus(Duration.ofMinutes(1)))).isNull();
        assertThat(new ProsodyTokenRules("other-app", APP_SECRET, List.of("*")).check(token, "tvroomone", DOMAIN, during))
                .isEqualTo("Invalid issuer ('iss' claim)");
        assertThat(new ProsodyTokenRules(APP_ID, "a-different-secret-of-enough-length-000000", List.of("*"))
                .check(token, "tvroomone", DOMAIN, during)).isEqualTo("Invalid signature");
    }

    @Test
    void selfHostedTokensCarryEveryClaimProsodyAndJitsiRead() throws Exception {
        SignedJWT jwt = SignedJWT.parse(selfHosted(APP_SECRET).token(seat("tvroomone", DOCTOR, true)).orElseThrow());

        assertThat(jwt.verify(new MACVerifier(APP_SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(APP_ID);
        assertThat(claims.getAudience()).containsExactly("jitsi");
        assertThat(claims.getSubject()).isEqualTo(DOMAIN);
        assertThat(claims.getStringClaim("room")).isEqualTo("tvroomone");
        assertThat(claims.getNotBeforeTime()).isEqualTo(Date.from(OPENS.minus(Duration.ofMinutes(1))));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(CLOSES));
        Map<String, Object> user = user(claims.getJSONObjectClaim("context"));
        assertThat(user).containsEntry("id", "dr-1").containsEntry("name", "Dr. One")
                .containsEntry("email", "one@clinic.example").containsEntry("avatar", "https://clinic.example/dr-1.png")
                .containsEntry("moderator", true)
                .containsEntry("affiliation", "owner");

        Map<String, Object> patient = user(SignedJWT.parse(selfHosted(APP_SECRET).token(seat("tvroomone", PATIENT, false))
                .orElseThrow()).getJWTClaimsSet().getJSONObjectClaim("context"));
        assertThat(patient).containsEntry("moderator", false).containsEntry("affiliation", "member")
                .doesNotContainKey("email").doesNotContainKey("avatar");
    }

    @Test
    void jaasTokensFollowTheJaasJwtFormat() throws Exception {
        KeyPair keys = rsaKeys(2048);
        Jitsi jitsi = jaas(pem(keys));
        SignedJWT doctor = SignedJWT.parse(jitsi.token(seat("tvroomone", DOCTOR, true)).orElseThrow());
        SignedJWT patient = SignedJWT.parse(jitsi.token(seat("tvroomone", PATIENT, false)).orElseThrow());

        assertThat(doctor.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).isTrue();
        assertThat(doctor.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(doctor.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(doctor.getHeader().getKeyID()).isEqualTo(TENANT + "/4f4910");
        var claims = doctor.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("chat");
        assertThat(claims.getAudience()).containsExactly("jitsi");
        assertThat(claims.getSubject()).isEqualTo(TENANT);
        assertThat(claims.getStringClaim("room")).isEqualTo("tvroomone");
        assertThat(claims.getNotBeforeTime()).isEqualTo(Date.from(OPENS.minus(Duration.ofMinutes(1))));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(CLOSES));
        assertThat(user(claims.getJSONObjectClaim("context"))).containsEntry("moderator", "true").containsEntry("id", "dr-1");
        assertThat(user(patient.getJWTClaimsSet().getJSONObjectClaim("context"))).containsEntry("moderator", "false");
        @SuppressWarnings("unchecked")
        Map<String, Object> features = (Map<String, Object>) claims.getJSONObjectClaim("context").get("features");
        assertThat(features).containsEntry("recording", "false").containsEntry("livestreaming", "false")
                .containsEntry("outbound-call", "false").allSatisfy((name, value) -> assertThat(value).isIn("true", "false"));

        assertThat(jitsi.domain()).isEqualTo("8x8.vc");
        assertThat(jitsi.roomPath("tvroomone")).isEqualTo(TENANT + "/tvroomone");
        assertThat(jitsi.externalApiUrl()).isEqualTo("https://8x8.vc/" + TENANT + "/external_api.js");
    }

    @Test
    void thePublicServerTakesNoToken() {
        Jitsi jitsi = new JitsiConfiguration().jitsi(properties(JitsiProvider.PUBLIC, null, null, null, null, null, null));
        assertThat(jitsi.token(seat("tvroomone", DOCTOR, true))).isEmpty();
        assertThat(jitsi.domain()).isEqualTo("meet.jit.si");
        assertThat(jitsi.externalApiUrl()).isEqualTo("https://meet.jit.si/external_api.js");
        assertThat(jitsi.roomPath("tvroomone")).isEqualTo("tvroomone");
    }

    @Test
    void selfHostedSettingsThatCannotWorkStopStartUp() {
        assertRefused(properties(JitsiProvider.SELF_HOSTED, null, APP_ID, APP_SECRET, null, null, null), "TELEVISIT_JITSI_DOMAIN");
        assertRefused(properties(JitsiProvider.SELF_HOSTED, DOMAIN, null, APP_SECRET, null, null, null), "TELEVISIT_JITSI_APP_ID");
        assertRefused(properties(JitsiProvider.SELF_HOSTED, DOMAIN, APP_ID, null, null, null, null), "TELEVISIT_JITSI_APP_SECRET");
        assertRefused(properties(JitsiProvider.SELF_HOSTED, DOMAIN, APP_ID, "short", null, null, null), "TELEVISIT_JITSI_APP_SECRET is 5 bytes");
    }

    @Test
    void jaasSettingsThatCannotWorkStopStartUp() throws Exception {
        Path good = pem(rsaKeys(2048));
        assertRefused(properties(JitsiProvider.JAAS, null, null, null, null, "4f4910", good), "TELEVISIT_JAAS_TENANT");
        assertRefused(properties(JitsiProvider.JAAS, null, null, null, TENANT, null, good), "TELEVISIT_JAAS_KEY_ID");
        assertRefused(properties(JitsiProvider.JAAS, null, null, null, TENANT, "4f4910", null), "TELEVISIT_JAAS_PRIVATE_KEY is not set");
        assertRefused(properties(JitsiProvider.JAAS, null, null, null, TENANT, "4f4910", dir.resolve("missing.pem")), "cannot read");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        assertRefused(properties(JitsiProvider.JAAS, null, null, null, TENANT, "4f4910", garbage), "is not an RSA private key");
        Path pkcs1 = Files.writeString(dir.resolve("pkcs1.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertRefused(properties(JitsiProvider.JAAS, null, null, null, TENANT, "4f4910", pkcs1), "PKCS#1");
        assertRefused(properties(JitsiProvider.JAAS, null, null, null, TENANT, "4f4910", pem(rsaKeys(1024))), "1024-bit");
    }

    private static void assertRefused(JitsiProperties properties, String message) {
        assertThatThrownBy(() -> new JitsiConfiguration().jitsi(properties))
                .isInstanceOf(StartupFailure.class).hasMessageContaining(message);
    }

    private static Jitsi selfHosted(String secret) {
        return new JitsiConfiguration().jitsi(properties(JitsiProvider.SELF_HOSTED, DOMAIN, APP_ID, secret, null, null, null));
    }

    private static Jitsi jaas(Path key) {
        return new JitsiConfiguration().jitsi(properties(JitsiProvider.JAAS, null, null, null, TENANT, "4f4910", key));
    }

    static JitsiProperties properties(JitsiProvider provider, String domain, String appId, String secret,
            String tenant, String keyId, Path key) {
        return new JitsiProperties(provider, domain, appId, secret, "jitsi", tenant, keyId, key, null);
    }

    private static JitsiSeat seat(String room, User user, boolean moderator) {
        return new JitsiSeat(room, user, moderator, OPENS.minus(Duration.ofMinutes(1)), CLOSES);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> user(Map<String, Object> context) {
        return (Map<String, Object>) context.get("user");
    }

    static KeyPair rsaKeys(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    Path pem(KeyPair keys) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded());
        return Files.writeString(Files.createTempFile(dir, "jaas", ".pem"),
                "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
    }
}
