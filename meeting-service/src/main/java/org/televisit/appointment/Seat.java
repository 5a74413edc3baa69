package org.televisit.appointment;

/**
 * A place a user can hold on an appointment: one of its three parties, or the scheduler that
 * booked it. A user's own appointments are those where the seat its role holds carries its id.
 */
public enum Seat {
    DOCTOR, PATIENT, AGENCY, BOOKER
}
