package org.televisit.appointment;

/** What a user may ask to do to an appointment; the audit log records these names. */
public enum AppointmentAction {
    CREATE, VIEW, APPROVE, CANCEL, VIEW_AUDIT, START_MEETING, END_MEETING, JOIN,
    KNOCK, VIEW_LOBBY, APPROVE_KNOCK, REJECT_KNOCK, CANCEL_KNOCK, EXPIRE_KNOCK, WATCH_EVENTS,
    VIEW_PRESENCE, ENTER_WAITING_ROOM, LEAVE_WAITING_ROOM,
    REPORT_PRESENCE, VIEW_ATTENDANCE
}
