package org.televisit.lobby;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The push lobby's limits: a pending knock expires after {@code requestTtl}; a requester may
 * knock at most {@code maxKnocks} times per appointment; each user may knock {@code knocksPerMinute}
 * and decide {@code decisionsPerMinute} times a minute (counted across instances); expired knocks are swept
 * every {@code sweepInterval}; idle streams get a comment every {@code heartbeat}; a stream's
 * client may fall {@code streamBuffer} events behind before its stream ends.
 */
@ConfigurationProperties("televisit.lobby")
public record LobbyProperties(
        @DefaultValue("PT10M") Duration requestTtl,
        @DefaultValue("3") int maxKnocks,
        @DefaultValue("6") int knocksPerMinute,
        @DefaultValue("60") int decisionsPerMinute,
        @DefaultValue("PT5S") Duration sweepInterval,
        @DefaultValue("PT15S") Duration heartbeat,
        @DefaultValue("256") int streamBuffer) {
}
