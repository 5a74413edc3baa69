package org.televisit.appointment;

import java.util.Optional;
import org.springframework.stereotype.Component;
import org.televisit.security.Role;
import org.televisit.security.User;
import org.televisit.web.ProblemReason;
import org.televisit.web.Reason;

/**
 * The one answer to "may this user do this to this appointment?". Membership is role and id
 * together ({@link Appointment#parties()}): a token that carries a party's sub in another role is
 * a stranger. Who may see an appointment: its parties, the scheduler that booked it, and admins.
 * A user who may not see it is told it does not exist ({@code NOT_FOUND}, 404) whatever it asked,
 * so ids cannot be probed; a user who may see it but not do the action is {@code FORBIDDEN} (403).
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

    /**
     * Which appointments make up the user's own list: those where its role's seat holds its id
     * (a party's seat, or for a scheduler the appointments it booked). An admin has none of its
     * own; it reads any appointment by id.
     */
    public Optional<Seat> ownSeat(User user) {
        return switch (user.role()) {
            case DOCTOR -> Optional.of(Seat.DOCTOR);
            case PATIENT -> Optional.of(Seat.PATIENT);
            case AGENCY -> Optional.of(Seat.AGENCY);
            case SCHEDULER -> Optional.of(Seat.BOOKER);
            case ADMIN -> Optional.empty();
        };
    }

    /** Whether the user is the appointment's doctor: a DOCTOR whose id is the appointment's {@code doctorId}. */
    public boolean isDoctorOf(User user, Appointment appointment) {
        return user.role() == Role.DOCTOR && user.id().equals(appointment.doctorId());
    }

    /** Whether the user is the appointment's patient: a PATIENT whose id is the appointment's {@code patientId}. */
    public boolean isPatientOf(User user, Appointment appointment) {
        return user.role() == Role.PATIENT && user.id().equals(appointment.patientId());
    }

    /** Whether the user is one of the appointment's parties, in the role that party holds. */
    public boolean isParty(User user, Appointment appointment) {
        return appointment.parties().contains(user.identity());
    }

    private boolean allowed(User user, AppointmentAction action, Appointment appointment) {
        return switch (action) {
            case CREATE -> false;
            case VIEW -> maySee(user, appointment);
            case APPROVE -> isDoctorOf(user, appointment);
            case CANCEL -> isDoctorOf(user, appointment) || isPatientOf(user, appointment) || isBookerOf(user, appointment);
            case VIEW_AUDIT -> isDoctorOf(user, appointment) || user.role() == Role.ADMIN;
            case START_MEETING, END_MEETING -> isDoctorOf(user, appointment);
            case JOIN, KNOCK, VIEW_LOBBY, CANCEL_KNOCK, WATCH_EVENTS -> isParty(user, appointment);
            case APPROVE_KNOCK, REJECT_KNOCK -> isDoctorOf(user, appointment);
            case EXPIRE_KNOCK, ENTER_WAITING_ROOM, LEAVE_WAITING_ROOM -> false;
            case VIEW_PRESENCE -> isDoctorOf(user, appointment) || user.role() == Role.ADMIN;
            case REPORT_PRESENCE -> isParty(user, appointment);
            case VIEW_ATTENDANCE -> isDoctorOf(user, appointment) || user.role() == Role.ADMIN;
        };
    }

    private boolean maySee(User user, Appointment appointment) {
        return user.role() == Role.ADMIN || isParty(user, appointment) || isBookerOf(user, appointment);
    }

    /** A scheduler sees and cancels the appointments it booked, and no others. */
    private static boolean isBookerOf(User user, Appointment appointment) {
        return user.role() == Role.SCHEDULER && user.identity().equals(appointment.createdBy());
    }
}
