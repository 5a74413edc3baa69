package org.televisit.jitsi;

import com.nimbusds.jose.KeyLengthException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.televisit.startup.StartupFailure;

/**
 * Builds the one {@link Jitsi} of this instance from {@link JitsiProperties}. Keys are read and
 * checked once here; a missing setting or an unusable key stops start-up naming the variable.
 */
@Configuration(proxyBeanMethods = false)
class JitsiConfiguration {

    static final int MIN_APP_SECRET_BYTES = 32;
    static final int MIN_RSA_BITS = 2048;

    private static final Logger log = LoggerFactory.getLogger(JitsiConfiguration.class);

    @Bean
    Jitsi jitsi(JitsiProperties properties) {
        Jitsi jitsi = switch (properties.provider()) {
            case PUBLIC -> publicJitsi(properties);
            case SELF_HOSTED -> selfHosted(properties);
            case JAAS -> jaas(properties);
        };
        log.info("Jitsi: {} at {}", jitsi.provider(), jitsi.domain());
        return jitsi;
    }

    private static PublicJitsi publicJitsi(JitsiProperties p) {
        String domain = orDefault(p.domain(), "meet.jit.si");
        return new PublicJitsi(domain, externalApiUrl(p, "https://" + domain + "/external_api.js"));
    }

    private static SelfHostedJitsi selfHosted(JitsiProperties p) {
        String domain = required(p.domain(), "TELEVISIT_JITSI_DOMAIN", "the host name of your Jitsi Meet, e.g. meet.clinic.example");
        String appId = required(p.appId(), "TELEVISIT_JITSI_APP_ID", "Prosody's app_id (docker-jitsi-meet: JWT_APP_ID)");
        String secret = required(p.appSecret(), "TELEVISIT_JITSI_APP_SECRET", "Prosody's app_secret (docker-jitsi-meet: JWT_APP_SECRET)");
        byte[] secretBytes = secret.getBytes(StandardCharsets.UTF_8);
        if (secretBytes.length < MIN_APP_SECRET_BYTES) {
            throw new StartupFailure("TELEVISIT_JITSI_APP_SECRET is " + secretBytes.length + " bytes long; HS256 needs at least "
                    + MIN_APP_SECRET_BYTES, "Set a longer app secret in Prosody and in TELEVISIT_JITSI_APP_SECRET");
        }
        try {
            return new SelfHostedJitsi(domain, externalApiUrl(p, "https://" + domain + "/external_api.js"), appId,
                    required(p.audience(), "TELEVISIT_JITSI_AUDIENCE", "the audience Prosody accepts"), new MACSigner(secretBytes));
        } catch (KeyLengthException e) {
            throw new StartupFailure("TELEVISIT_JITSI_APP_SECRET cannot sign HS256 tokens", "Use a longer secret", e);
        }
    }

    private static JaasJitsi jaas(JitsiProperties p) {
        String domain = orDefault(p.domain(), "8x8.vc");
        String tenant = required(p.jaasTenant(), "TELEVISIT_JAAS_TENANT", "your JaaS AppID, vpaas-magic-cookie-…");
        String keyId = required(p.jaasKeyId(), "TELEVISIT_JAAS_KEY_ID", "the id of the API key in the JaaS console");
        if (p.jaasPrivateKey() == null || p.jaasPrivateKey().toString().isBlank()) {
            throw new StartupFailure("TELEVISIT_JAAS_PRIVATE_KEY is not set",
                    "Set TELEVISIT_JAAS_PRIVATE_KEY to the path of the API key's private key (PEM, PKCS#8)");
        }
        RSAPrivateCrtKey key = readRsaKey(p);
        return new JaasJitsi(domain, tenant, keyId,
                externalApiUrl(p, "https://" + domain + "/" + tenant + "/external_api.js"), new RSASSASigner(key));
    }

    private static RSAPrivateCrtKey readRsaKey(JitsiProperties p) {
        String pem;
        try {
            pem = Files.readString(p.jaasPrivateKey());
        } catch (IOException e) {
            throw new StartupFailure("TELEVISIT_JAAS_PRIVATE_KEY: cannot read " + p.jaasPrivateKey() + " (" + e + ")",
                    "Point TELEVISIT_JAAS_PRIVATE_KEY at a readable PEM file", e);
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new StartupFailure("TELEVISIT_JAAS_PRIVATE_KEY holds a PKCS#1 key; Televisit reads PKCS#8",
                    "Convert it: openssl pkcs8 -topk8 -nocrypt -in jaas.key -out jaas.pk8.pem");
        }
        try {
            String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new StartupFailure("TELEVISIT_JAAS_PRIVATE_KEY is a " + rsa.getModulus().bitLength()
                        + "-bit RSA key; JaaS needs at least " + MIN_RSA_BITS, "Generate a 2048-bit or larger key pair");
            }
            return rsa;
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new StartupFailure("TELEVISIT_JAAS_PRIVATE_KEY: " + p.jaasPrivateKey() + " is not an RSA private key in PEM (PKCS#8)",
                    "Use the private key of the API key uploaded to the JaaS console", e);
        }
    }

    private static String externalApiUrl(JitsiProperties p, String standard) {
        return orDefault(p.externalApiUrl(), standard);
    }

    private static String required(String value, String variable, String what) {
        if (value == null || value.isBlank()) {
            throw new StartupFailure(variable + " is not set", "Set " + variable + " to " + what);
        }
        return value.trim();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
