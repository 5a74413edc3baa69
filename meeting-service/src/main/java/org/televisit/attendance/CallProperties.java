package org.televisit.attendance;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Presence in the call and attendance. {@code jaasWebhookSecret}: the JaaS endpoint's signing secret
 * (unset: the JaaS webhook route refuses every call); {@code prosodyWebhookSecret}: the shared secret
 * Prosody's event-sync component sends as a bearer token (unset: that route refuses every call); a
 * JaaS signature older or newer than {@code webhookTolerance} is refused as a replay; delivery keys
 * are kept {@code deliveryKeyRetention} to drop duplicates; no-shows are decided and old keys
 * forgotten every {@code sweepInterval}.
 */
@ConfigurationProperties("televisit.call")
public record CallProperties(
        String jaasWebhookSecret,
        String prosodyWebhookSecret,
        @DefaultValue("PT5M") Duration webhookTolerance,
        @DefaultValue("P2D") Duration deliveryKeyRetention,
        @DefaultValue("PT30S") Duration sweepInterval) {

    public CallProperties {
        if (webhookTolerance.isNegative() || webhookTolerance.isZero() || deliveryKeyRetention.compareTo(webhookTolerance) < 0
                || sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new org.televisit.startup.StartupFailure(
                    "The webhook tolerance and the sweep interval must be above zero, and delivery keys kept at least as long as the tolerance",
                    "Set TELEVISIT_WEBHOOK_TOLERANCE (e.g. PT5M), TELEVISIT_WEBHOOK_KEY_RETENTION (e.g. P2D) and "
                            + "TELEVISIT_ATTENDANCE_SWEEP_INTERVAL (e.g. PT30S)");
        }
    }

    boolean jaasEnabled() {
        return jaasWebhookSecret != null && !jaasWebhookSecret.isBlank();
    }

    boolean prosodyEnabled() {
        return prosodyWebhookSecret != null && !prosodyWebhookSecret.isBlank();
    }
}
