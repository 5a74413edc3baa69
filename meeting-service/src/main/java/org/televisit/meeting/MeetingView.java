package org.televisit.meeting;

import java.time.Instant;
import java.util.UUID;

/** What the start and end routes answer: the meeting's state, never its room name. */
record MeetingView(UUID appointmentId, MeetingStatus status, Instant startedAt, Instant endedAt) {

    static MeetingView of(Meeting meeting) {
        return new MeetingView(meeting.appointmentId(), meeting.status(), meeting.startedAt(), meeting.endedAt());
    }
}
