package org.televisit.security;

/** The {@code role} claim of a user token. */
public enum Role {
    DOCTOR, PATIENT, AGENCY, SCHEDULER, ADMIN
}
