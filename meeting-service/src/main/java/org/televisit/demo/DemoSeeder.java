package org.televisit.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import org.televisit.appointment.Appointment;
import org.televisit.appointment.AppointmentRepository;
import org.televisit.appointment.AppointmentStatus;
import org.televisit.appointment.AppointmentType;
import org.televisit.meeting.Meetings;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Books the demo's appointments the first time demo mode starts on an empty database: one
 * about to start (its join window open), one later today, one tomorrow in person. A restart
 * keeps what is there.
 */
@Component
@Conditional(DemoMode.class)
class DemoSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);

    private final AppointmentRepository appointments;
    private final Clock clock;
    private final Meetings meetings;

    DemoSeeder(AppointmentRepository appointments, Meetings meetings, Clock clock) {
        this.meetings = meetings;
        this.appointments = appointments;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        // Runs once on the main thread before traffic; blocking here keeps start-up ordered.
        Long existing = appointments.countForDoctor(DemoUsers.DOCTOR.id()).block(Duration.ofSeconds(30));
        if (existing != null && existing > 0) {
            return;
        }
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MINUTES);
        List<Appointment> seeded = List.of(
                demo(now.plus(Duration.ofMinutes(5)), 30, AppointmentType.VIDEO, AppointmentStatus.APPROVED, DemoUsers.AGENCY.id()),
                demo(now.plus(Duration.ofHours(3)), 20, AppointmentType.VIDEO, AppointmentStatus.REQUESTED, null),
                demo(now.plus(Duration.ofDays(1)), 45, AppointmentType.IN_PERSON, AppointmentStatus.APPROVED, null));
        Flux.fromIterable(seeded)
                .concatMap(appointments::insert)
                .concatMap(this::withMeeting)
                .then().block(Duration.ofSeconds(30));
        log.info("Demo mode: seeded {} appointments for {}", seeded.size(), DemoUsers.DOCTOR.id());
    }

    private Mono<Void> withMeeting(Appointment appointment) {
        boolean approvedVideo = appointment.type() == AppointmentType.VIDEO && appointment.status() == AppointmentStatus.APPROVED;
        return approvedVideo ? meetings.open(appointment) : Mono.empty();
    }

    private static Appointment demo(Instant startsAt, int minutes, AppointmentType type, AppointmentStatus status, String agency) {
        return new Appointment(UUID.randomUUID(), DemoUsers.DOCTOR.id(), DemoUsers.PATIENT.id(), agency,
                startsAt, minutes, type, status, 0, DemoUsers.SCHEDULER.identity(), false, DemoUsers.DOCTOR.name());
    }
}
