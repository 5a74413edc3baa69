package org.televisit.jitsi;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Jitsi deployment and its credentials. Self-hosted Jitsi takes {@code appId}/{@code appSecret}
 * (Prosody token authentication, HS256); JaaS takes the tenant, the API key id and the path of
 * the PEM file holding the key's RSA private key.
 */
@ConfigurationProperties("televisit.jitsi")
public record JitsiProperties(
        @DefaultValue("public") JitsiProvider provider,
        String domain,
        String appId,
        String appSecret,
        @DefaultValue("jitsi") String audience,
        String jaasTenant,
        String jaasKeyId,
        Path jaasPrivateKey,
        String externalApiUrl) {
}
