package org.televisit.meeting;

public enum MeetingStatus {
    CREATED, STARTED, ENDED
}
