package org.televisit.meeting;

import java.time.Instant;
import java.util.UUID;

/** The video meeting of one appointment: its room and whether the doctor has started or ended it. */
record Meeting(UUID appointmentId, String roomName, MeetingStatus status, Instant startedAt, Instant endedAt) {
}
