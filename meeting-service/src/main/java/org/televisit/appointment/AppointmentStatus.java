package org.televisit.appointment;

import java.util.Set;

/** An appointment's life: requested, approved by its doctor, then cancelled or completed. */
public enum AppointmentStatus {
    REQUESTED, APPROVED, CANCELLED, COMPLETED;

    /** The statuses this one may move to; CANCELLED and COMPLETED are final. */
    public Set<AppointmentStatus> next() {
        return switch (this) {
            case REQUESTED -> Set.of(APPROVED, CANCELLED);
            case APPROVED -> Set.of(CANCELLED, COMPLETED);
            case CANCELLED, COMPLETED -> Set.of();
        };
    }
}
