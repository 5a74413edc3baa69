package org.televisit.meeting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.televisit.web.ApiException;

/**
 * Meters of meetings and entry: joins granted and denied (by reason), Jitsi tokens minted (by
 * provider), meetings started and ended, and how long meetings last. Counted after the change
 * committed; tags never name a user, an appointment or a room.
 */
@Component
class MeetingMetrics {

    private final MeterRegistry registry;
    private final Counter started;
    private final Counter ended;
    private final Timer duration;

    MeetingMetrics(MeterRegistry registry) {
        this.registry = registry;
        started = Counter.builder("televisit.meetings.started").description("Meetings started by their doctor").register(registry);
        ended = Counter.builder("televisit.meetings.ended").description("Meetings ended by their doctor").register(registry);
        duration = Timer.builder("televisit.meeting.duration").description("From a meeting's start to its end")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMinutes(1)).maximumExpectedValue(Duration.ofHours(4))
                .register(registry);
    }

    void granted(JoinGrant grant) {
        joins("granted", "NONE").increment();
        if (grant.jwt() != null) {
            Counter.builder("televisit.jitsi.tokens").description("Jitsi tokens minted, by provider")
                    .tag("provider", grant.provider()).register(registry).increment();
        }
    }

    void denied(Throwable error) {
        joins("denied", error instanceof ApiException refusal ? refusal.reason().name() : "ERROR").increment();
    }

    void started() {
        started.increment();
    }

    void ended(Instant startedAt, Instant endedAt) {
        ended.increment();
        if (startedAt != null && endedAt != null) {
            duration.record(Duration.between(startedAt, endedAt));
        }
    }

    private Counter joins(String outcome, String reason) {
        return Counter.builder("televisit.joins").description("Join requests by outcome and denial reason")
                .tag("outcome", outcome).tag("reason", reason).register(registry);
    }
}
