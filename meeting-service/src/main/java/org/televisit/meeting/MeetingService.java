package org.televisit.meeting;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Service;
import org.televisit.appointment.Appointment;
import org.televisit.appointment.AppointmentAccess;
import org.televisit.appointment.AppointmentAction;
import org.televisit.appointment.AppointmentService;
import org.televisit.appointment.AppointmentStatus;
import org.televisit.events.LobbyEvent;
import org.televisit.security.Actor;
import org.televisit.stream.EventPublisher;
import reactor.core.publisher.Mono;

/**
 * The doctor's control of the meeting: CREATED → STARTED → ENDED. Starting needs an approved
 * video appointment inside its join window and creates the meeting if it is missing; starting
 * or ending twice is harmless; ending completes the appointment and closes open knocks in the same
 * transaction. Each real transition is pushed to the parties' streams.
 */
@Service
class MeetingService {

    private final AppointmentAccess access;
    private final AppointmentService appointments;
    private final JoinRules rules;
    private final Meetings meetings;
    private final MeetingRepository repository;
    private final Clock clock;
    private final EventPublisher events;
    private final MeetingMetrics metrics;

    MeetingService(AppointmentAccess access, AppointmentService appointments, JoinRules rules, Meetings meetings,
            MeetingRepository repository, Clock clock, EventPublisher events, MeetingMetrics metrics) {
        this.events = events;
        this.metrics = metrics;
        this.access = access;
        this.appointments = appointments;
        this.rules = rules;
        this.meetings = meetings;
        this.repository = repository;
        this.clock = clock;
    }

    /** Counted once committed, and only by the call that moved the meeting (a repeat changes nothing). */
    Mono<MeetingView> start(Actor actor, UUID appointmentId) {
        AtomicBoolean moved = new AtomicBoolean();
        return access.perform(actor, appointmentId, AppointmentAction.START_MEETING, appointment -> start(appointment, moved))
                .doOnNext(meeting -> {
                    if (moved.get()) {
                        metrics.started();
                    }
                })
                .map(MeetingView::of);
    }

    Mono<MeetingView> end(Actor actor, UUID appointmentId) {
        AtomicBoolean moved = new AtomicBoolean();
        return access.perform(actor, appointmentId, AppointmentAction.END_MEETING, appointment -> end(appointment, moved))
                .doOnNext(meeting -> {
                    if (moved.get()) {
                        metrics.ended(meeting.startedAt(), meeting.endedAt());
                    }
                })
                .map(MeetingView::of);
    }

    private Mono<Meeting> start(Appointment appointment, AtomicBoolean moved) {
        var refusal = rules.stateRefusal(appointment).or(() -> rules.timeRefusal(appointment));
        if (refusal.isPresent()) {
            return Mono.error(refusal.get());
        }
        return meetings.ensure(appointment).flatMap(meeting -> switch (meeting.status()) {
            case ENDED -> Mono.error(JoinDenial.MEETING_ENDED.exception());
            case STARTED -> Mono.just(meeting);
            case CREATED -> repository.start(appointment.id(), Instant.now(clock))
                    .doOnNext(started -> moved.set(true))
                    .flatMap(started -> events.publish(appointment, new LobbyEvent.MeetingStarted(appointment.id(), started.startedAt()))
                            .thenReturn(started))
                    .switchIfEmpty(repository.find(appointment.id()));
        });
    }

    private Mono<Meeting> end(Appointment appointment, AtomicBoolean moved) {
        if (appointment.status() == AppointmentStatus.COMPLETED) {
            return meetings.ensure(appointment);
        }
        var refusal = rules.stateRefusal(appointment);
        if (refusal.isPresent()) {
            return Mono.error(refusal.get());
        }
        return meetings.ensure(appointment)
                .then(repository.end(appointment.id(), Instant.now(clock)))
                .doOnNext(ended -> moved.set(true))
                .flatMap(ended -> events.publish(appointment, new LobbyEvent.MeetingEnded(appointment.id(), ended.endedAt()))
                        .then(appointments.complete(appointment)).thenReturn(ended))
                .switchIfEmpty(repository.find(appointment.id()));
    }
}
