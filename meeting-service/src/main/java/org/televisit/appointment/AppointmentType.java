package org.televisit.appointment;

public enum AppointmentType {
    VIDEO, IN_PERSON
}
