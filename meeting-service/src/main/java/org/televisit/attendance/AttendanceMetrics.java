package org.televisit.attendance;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Meters of presence in the call and attendance: webhook calls by sender and outcome, real changes
 * of presence by source, no-shows, how long doctor and patient were in the call together (a
 * consultation), and how long after the doctor's start the patient arrived. Counted once committed;
 * tags are senders, sources and outcomes, never a person, an appointment or a room.
 */
@Component
class AttendanceMetrics {

    private final MeterRegistry registry;
    private final Counter noShows;
    private final Timer consultation;
    private final Timer arrival;

    AttendanceMetrics(MeterRegistry registry) {
        this.registry = registry;
        noShows = Counter.builder("televisit.noshows").description("Appointments whose patient never joined the call by the window's close")
                .register(registry);
        consultation = Timer.builder("televisit.consultation.duration")
                .description("Time the doctor and the patient were in the call together, per attended appointment (recorded when its window closes)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMinutes(1)).maximumExpectedValue(Duration.ofHours(4))
                .register(registry);
        arrival = Timer.builder("televisit.patient.arrival")
                .description("From the doctor's start of the meeting to the patient's first arrival in the call (zero if the patient was first)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    void webhook(String sender, String outcome) {
        Counter.builder("televisit.call.webhooks").description("Webhook calls from the video service, by sender and outcome")
                .tag("sender", sender).tag("outcome", outcome).register(registry).increment();
    }

    void changed(String source, PresenceChange.Change change) {
        Counter.builder("televisit.call.presence.changes").description("Real changes of a party's presence in the call, by source")
                .tag("source", source).tag("change", change.name().toLowerCase()).register(registry).increment();
    }

    void arrived(Duration afterStart) {
        if (afterStart != null) {
            arrival.record(afterStart);
        }
    }

    void noShow() {
        noShows.increment();
    }

    void consulted(Duration together) {
        consultation.record(together);
    }
}
