package org.televisit.meeting;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.televisit.appointment.Appointment;
import org.televisit.appointment.AppointmentAccess;
import org.televisit.appointment.AppointmentAction;
import org.televisit.jitsi.Jitsi;
import org.televisit.jitsi.JitsiSeat;
import org.televisit.lobby.Admissions;
import org.televisit.meeting.MeetingRepository.AppointmentMeeting;
import org.televisit.security.Actor;
import reactor.core.publisher.Mono;

/**
 * Decides whether a party may enter its appointment's call now and, if so, hands out the room
 * and a token good for that room only, from a minute before the window opens until it closes.
 * A party that must knock is refused until its knock is approved, before any room is made or
 * named to it, so it never learns the room name early (on the public server the name alone is
 * the key): the meeting row read with the appointment stays on the server. Unless configured
 * otherwise, nobody but the doctor enters before the doctor has started the meeting
 * ({@code MEETING_NOT_STARTED}). Every answer is audited.
 */
@Service
class JoinService {

    static final Duration TOKEN_LEAD = Duration.ofMinutes(1);

    private final AppointmentAccess access;
    private final JoinRules rules;
    private final Meetings meetings;
    private final Jitsi jitsi;
    private final Admissions admissions;
    private final MeetingMetrics metrics;

    JoinService(AppointmentAccess access, JoinRules rules, Meetings meetings, Jitsi jitsi, Admissions admissions, MeetingMetrics metrics) {
        this.admissions = admissions;
        this.metrics = metrics;
        this.access = access;
        this.rules = rules;
        this.meetings = meetings;
        this.jitsi = jitsi;
    }

    Mono<JoinGrant> join(Actor actor, UUID appointmentId) {
        // The appointment and its meeting come in one query; the audit row is the only other one.
        return access.decide(actor, appointmentId, AppointmentAction.JOIN, JoinDenial.NOT_PARTICIPANT,
                meetings.findWithAppointment(appointmentId), AppointmentMeeting::appointment, found -> admit(actor, found))
                .doOnNext(metrics::granted).doOnError(metrics::denied);
    }

    private Mono<JoinGrant> admit(Actor actor, AppointmentMeeting found) {
        Appointment appointment = found.appointment();
        var refusal = rules.stateRefusal(appointment).or(() -> rules.timeRefusal(appointment));
        if (refusal.isPresent()) {
            return Mono.error(refusal.get());
        }
        Mono<Void> admitted = rules.mustKnock(actor, appointment) ? admissions.requireAdmitted(actor, appointment) : Mono.empty();
        // Checked after the knock, so an agency still learns where its knock stands; before any room is made.
        Mono<Void> started = Mono.defer(() -> rules.notStartedRefusal(actor, appointment, found.meeting())
                .<Mono<Void>>map(Mono::error).orElseGet(Mono::empty));
        return admitted.then(started).then(meetings.ensure(found)).flatMap(meeting -> meeting.status() == MeetingStatus.ENDED
                ? Mono.error(JoinDenial.MEETING_ENDED.exception())
                : Mono.just(grant(actor, appointment, meeting)));
    }

    private JoinGrant grant(Actor actor, Appointment appointment, Meeting meeting) {
        JoinWindow window = rules.window(appointment);
        boolean moderator = rules.isModerator(actor, appointment);
        JitsiSeat seat = new JitsiSeat(meeting.roomName(), actor.user(), moderator,
                window.opensAt().minus(TOKEN_LEAD), window.closesAt());
        String jwt = jitsi.token(seat).orElse(null);
        String room = jitsi.roomPath(meeting.roomName());
        return new JoinGrant(jitsi.provider().name().toLowerCase().replace('_', '-'), jitsi.domain(), room, jwt,
                jitsi.externalApiUrl(), actor.user().name(), moderator, window.closesAt(), options(actor, room, jwt));
    }

    private static Map<String, Object> options(Actor actor, String room, String jwt) {
        Map<String, Object> userInfo = new LinkedHashMap<>();
        userInfo.put("displayName", actor.user().name());
        if (actor.user().email() != null) {
            userInfo.put("email", actor.user().email());
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("roomName", room);
        if (jwt != null) {
            options.put("jwt", jwt);
        }
        options.put("userInfo", userInfo);
        options.put("configOverwrite", Map.of(
                "prejoinConfig", Map.of("enabled", false),
                "prejoinPageEnabled", false,
                "disableDeepLinking", true));
        return options;
    }
}
