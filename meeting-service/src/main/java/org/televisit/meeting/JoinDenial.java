package org.televisit.meeting;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.televisit.web.ApiException;
import org.televisit.web.Reason;

/**
 * Why a party may not enter (or start) a meeting now. NOT_PARTICIPANT is 404 (it does not reveal
 * that the appointment exists); state- and time-based refusals are 409 (MEETING_NOT_STARTED: the
 * doctor has to start first, when {@code televisit.join.wait-for-doctor} is on). The knock refusals
 * (KNOCK_REQUIRED, KNOCK_PENDING, KNOCK_REJECTED) come from the lobby's {@code Admissions}.
 */
public enum JoinDenial implements Reason {
    NOT_PARTICIPANT(HttpStatus.NOT_FOUND, "you are not a party to this appointment"),
    APPOINTMENT_NOT_APPROVED(HttpStatus.CONFLICT, "the doctor has not approved this appointment yet"),
    NOT_A_VIDEO_APPOINTMENT(HttpStatus.CONFLICT, "this appointment is in person, not by video"),
    CANCELLED(HttpStatus.CONFLICT, "this appointment was cancelled"),
    MEETING_ENDED(HttpStatus.CONFLICT, "the doctor has ended this meeting"),
    MEETING_NOT_STARTED(HttpStatus.CONFLICT, "the doctor has not started this meeting yet; wait here until the doctor starts it"),
    WINDOW_NOT_OPEN(HttpStatus.CONFLICT, "the meeting cannot be entered yet"),
    WINDOW_CLOSED(HttpStatus.CONFLICT, "the time to enter this meeting is over");

    private final HttpStatus status;
    private final String detail;

    JoinDenial(HttpStatus status, String detail) {
        this.status = status;
        this.detail = detail;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    ApiException exception() {
        return new ApiException(this, detail);
    }

    ApiException exception(Map<String, Object> properties) {
        return new ApiException(this, detail, properties);
    }
}
