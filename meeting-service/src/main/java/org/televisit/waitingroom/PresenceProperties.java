package org.televisit.waitingroom;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.televisit.startup.StartupFailure;

/**
 * Waiting-room presence: an open stream holds a {@code lease} that its instance renews (a third of
 * the lease apart), so a dead instance's parties lapse within it; a closed stream counts for {@code grace}
 * longer, so a client that reconnects within it is not reported gone and back.
 */
@ConfigurationProperties("televisit.presence")
public record PresenceProperties(
        @DefaultValue("PT30S") Duration lease,
        @DefaultValue("PT10S") Duration grace) {

    static final Duration SHORTEST_LEASE = Duration.ofSeconds(1);

    public PresenceProperties {
        if (lease.compareTo(SHORTEST_LEASE) < 0 || grace.isNegative()) {
            throw new StartupFailure("The presence lease must be at least a second and the grace period zero or more",
                    "Set TELEVISIT_PRESENCE_LEASE to PT1S or more and TELEVISIT_PRESENCE_GRACE to PT0S or more (e.g. PT30S, PT10S)");
        }
    }

    /** How often this instance renews its leases and looks for parties whose streams have all lapsed. */
    Duration tick() {
        Duration renew = lease.dividedBy(3);
        Duration sweep = grace.isZero() ? renew : grace.dividedBy(2);
        Duration tick = renew.compareTo(sweep) <= 0 ? renew : sweep;
        return tick.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : tick;
    }
}
