package org.televisit.appointment;

import java.util.Optional;
import org.springframework.stereotype.Component;
import org.televisit.security.Role;
import org.televisit.security.User;
import org.televisit.web.ProblemReason;
import org.televisit.web.Reason;

/**
 * The one answer to "may this user do this to this appointment?". A user who may not see an
 * appointment (neither a party nor an admin) is told it does not exist ({@code NOT_FOUND},
 * 404) whatever it asked, so ids cannot be probed; a user who may see it but not do the
 * action is {@code FORBIDDEN} (403). Schedulers may cancel any appointment but see none.
 */
@Component
public class AppointmentPolicy {

    /** Empty when allowed, else the reason for refusing. */
    public Optional<Reason> refusal(User user, AppointmentAction action, Appointment appointment) {
        if (allowed(user, action, appointment)) {
            return Optional.empty();
        }
        return Optional.of(maySee(user, appointment) ? ProblemReason.FORBIDDEN : ProblemReason.NOT_FOUND);
    }

    /** Schedulers and admins book for any doctor; a doctor books for itself; nobody else books. */
    public Optional<Reason> refusalToCreate(User user, String doctorId) {
        boolean allowed = switch (user.role()) {
            case SCHEDULER, ADMIN -> true;
            case DOCTOR -> user.id().equals(doctorId);
            case PATIENT, AGENCY -> false;
        };
        return allowed ? Optional.empty() : Optional.of(ProblemReason.FORBIDDEN);
    }

    private static boolean allowed(User user, AppointmentAction action, Appointment appointment) {
        return switch (action) {
            case CREATE -> false;
            case VIEW -> maySee(user, appointment);
            case APPROVE -> isDoctorOf(user, appointment);
            case CANCEL -> isDoctorOf(user, appointment) || isPatientOf(user, appointment) || user.role() == Role.SCHEDULER;
            case VIEW_AUDIT -> isDoctorOf(user, appointment) || user.role() == Role.ADMIN;
            case START_MEETING, END_MEETING -> isDoctorOf(user, appointment);
            case JOIN, KNOCK, VIEW_LOBBY, CANCEL_KNOCK, WATCH_EVENTS -> appointment.isParty(user.id());
            case APPROVE_KNOCK, REJECT_KNOCK -> isDoctorOf(user, appointment);
            case EXPIRE_KNOCK -> false;
        };
    }

    private static boolean maySee(User user, Appointment appointment) {
        return user.role() == Role.ADMIN || appointment.isParty(user.id());
    }

    private static boolean isDoctorOf(User user, Appointment appointment) {
        return user.role() == Role.DOCTOR && user.id().equals(appointment.doctorId());
    }

    private static boolean isPatientOf(User user, Appointment appointment) {
        return user.role() == Role.PATIENT && user.id().equals(appointment.patientId());
    }
}
