package org.televisit.attendance;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an 8x8 JaaS webhook's {@code X-Jaas-Signature} as 8x8 documents it
 * (developer.8x8.com/jaas/docs/webhooks-signatures): the header is comma-separated
 * {@code prefix=value} pairs, {@code t} the signing time in Unix seconds and each {@code v1} a
 * base64 HMAC-SHA256, keyed with the endpoint's secret, of {@code <t>.<raw body>}. Only the v1 scheme
 * counts (others are ignored, so a downgrade cannot help); one matching v1, compared in constant
 * time, proves the sender; then {@code t} must be within the tolerance of now, against replays.
 */
final class JaasSignature {

    private JaasSignature() {
    }

    /** Empty when the call is proven and fresh, else why not. */
    static Optional<WebhookRefusal> refusal(String header, byte[] body, String secret, Instant now, Duration tolerance) {
        if (header == null || header.length() > 2048) {
            return Optional.of(WebhookRefusal.WEBHOOK_UNSIGNED);
        }
        String timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String element : header.split(",")) {
            int equals = element.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String prefix = element.substring(0, equals).trim();
            String value = element.substring(equals + 1).trim();
            if (prefix.equals("t")) {
                timestamp = value;
            } else if (prefix.equals("v1")) {
                signatures.add(value);
            }
        }
        if (timestamp == null || !timestamp.matches("[0-9]{1,12}") || signatures.isEmpty()) {
            return Optional.of(WebhookRefusal.WEBHOOK_UNSIGNED);
        }
        byte[] expected = sign(secret, timestamp, body);
        boolean matched = false;
        for (String signature : signatures) {
            byte[] given;
            try {
                given = Base64.getDecoder().decode(signature);
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            // Every candidate is compared, so the time taken does not say which one matched.
            matched |= MessageDigest.isEqual(expected, given);
        }
        if (!matched) {
            return Optional.of(WebhookRefusal.WEBHOOK_SIGNATURE_INVALID);
        }
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(signedAt, now).abs().compareTo(tolerance) > 0) {
            return Optional.of(WebhookRefusal.WEBHOOK_TIMESTAMP_STALE);
        }
        return Optional.empty();
    }

    /** The v1 signature of {@code body} signed at {@code timestamp} (Unix seconds, as text). */
    static byte[] sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
