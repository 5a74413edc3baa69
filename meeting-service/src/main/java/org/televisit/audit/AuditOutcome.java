package org.televisit.audit;

/** Whether an access decision let the actor do what it asked. */
public enum AuditOutcome {
    GRANTED, DENIED
}
