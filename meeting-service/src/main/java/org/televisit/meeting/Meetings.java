package org.televisit.meeting;

import java.util.UUID;
import org.springframework.stereotype.Component;
import org.televisit.appointment.Appointment;
import reactor.core.publisher.Mono;

/** Gives a video appointment its meeting and room; used when the doctor approves it and on demand later. */
@Component
public class Meetings {

    private final MeetingRepository meetings;
    private final RoomNames rooms;

    Meetings(MeetingRepository meetings, RoomNames rooms) {
        this.meetings = meetings;
        this.rooms = rooms;
    }

    /** Completes once the appointment has a meeting (created now with a fresh room, or the one it had). */
    public Mono<Void> open(Appointment appointment) {
        return ensure(appointment).then();
    }

    /** The meeting, looked up first: most calls find it, and then no room name is computed. */
    Mono<Meeting> ensure(Appointment appointment) {
        return meetings.find(appointment.id()).switchIfEmpty(Mono.defer(() -> create(appointment)));
    }

    /** The meeting read with its appointment ({@code found.meeting()}), or one made now if it had none. */
    Mono<Meeting> ensure(MeetingRepository.AppointmentMeeting found) {
        return found.meeting() != null ? Mono.just(found.meeting()) : Mono.defer(() -> create(found.appointment()));
    }

    /** The appointment, read together with its meeting (null if none yet) in one query. */
    Mono<MeetingRepository.AppointmentMeeting> findWithAppointment(UUID appointmentId) {
        return meetings.findWithAppointment(appointmentId);
    }

    private Mono<Meeting> create(Appointment appointment) {
        return meetings.ensure(appointment.id(), rooms.next(appointment.id()));
    }
}
