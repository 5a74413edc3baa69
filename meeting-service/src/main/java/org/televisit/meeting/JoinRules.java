package org.televisit.meeting;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.televisit.appointment.Appointment;
import org.televisit.appointment.AppointmentPolicy;
import org.televisit.appointment.AppointmentType;
import org.televisit.security.Actor;
import org.televisit.web.ApiException;

/**
 * The conditions under which a meeting may be entered or started: the appointment is an
 * approved video appointment, now is inside its join window, and (for entering) the party
 * does not have to knock. Time comes from the injected clock.
 */
@Component
public class JoinRules {

    private final JoinProperties join;
    private final AppointmentPolicy policy;
    private final Clock clock;

    JoinRules(JoinProperties join, AppointmentPolicy policy, Clock clock) {
        this.join = join;
        this.policy = policy;
        this.clock = clock;
    }

    /** When the appointment's parties may enter. */
    public JoinWindow window(Appointment appointment) {
        return JoinWindow.of(appointment, join);
    }

    /** Why the appointment's meeting cannot be used at all, if it cannot. */
    public Optional<ApiException> stateRefusal(Appointment appointment) {
        JoinDenial denial = switch (appointment.status()) {
            case CANCELLED -> JoinDenial.CANCELLED;
            case COMPLETED -> JoinDenial.MEETING_ENDED;
            case REQUESTED -> JoinDenial.APPOINTMENT_NOT_APPROVED;
            case APPROVED -> appointment.type() == AppointmentType.VIDEO ? null : JoinDenial.NOT_A_VIDEO_APPOINTMENT;
        };
        return Optional.ofNullable(denial).map(JoinDenial::exception);
    }

    /** Why now is outside the join window, if it is; the refusal says when the window opens or closed. */
    public Optional<ApiException> timeRefusal(Appointment appointment) {
        JoinWindow window = window(appointment);
        Instant now = Instant.now(clock);
        if (window.notYetOpen(now)) {
            return Optional.of(JoinDenial.WINDOW_NOT_OPEN.exception(Map.of("opensAt", window.opensAt().toString())));
        }
        if (window.closed(now)) {
            return Optional.of(JoinDenial.WINDOW_CLOSED.exception(Map.of("closedAt", window.closesAt().toString())));
        }
        return Optional.empty();
    }

    /**
     * Why the actor must wait, if it must: with {@code wait-for-doctor} on, nobody but the
     * appointment's doctor enters a meeting that is missing or not yet started. The refusal says the
     * meeting's status and the window, so a waiting room can tell when to expect the doctor.
     */
    Optional<ApiException> notStartedRefusal(Actor actor, Appointment appointment, Meeting meeting) {
        return notStartedRefusal(actor, appointment, meeting != null && meeting.status() != MeetingStatus.CREATED);
    }

    /** The same rule, for a feature that knows only whether the doctor has started the meeting. */
    public Optional<ApiException> notStartedRefusal(Actor actor, Appointment appointment, boolean started) {
        if (started || !join.waitForDoctor() || isModerator(actor, appointment)) {
            return Optional.empty();
        }
        JoinWindow window = window(appointment);
        return Optional.of(JoinDenial.MEETING_NOT_STARTED.exception(Map.of("meetingStatus", "NOT_STARTED",
                "opensAt", window.opensAt().toString(), "closesAt", window.closesAt().toString())));
    }

    /** The appointment's doctor (in role DOCTOR) is the meeting's moderator. */
    public boolean isModerator(Actor actor, Appointment appointment) {
        return policy.isDoctorOf(actor.user(), appointment);
    }

    /** The doctor and the patient enter directly unless configuration makes their role knock; anyone else knocks. */
    public boolean mustKnock(Actor actor, Appointment appointment) {
        boolean direct = policy.isDoctorOf(actor.user(), appointment) || policy.isPatientOf(actor.user(), appointment);
        return !direct || join.knockRoles().contains(actor.role());
    }
}
