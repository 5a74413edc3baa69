package org.televisit.meeting;

import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.televisit.security.Role;

/**
 * When and how parties may enter: the window opens {@code opensBefore} the start and closes
 * {@code closesAfter} it; parties whose role is in {@code knockRoles} must knock first; with
 * {@code waitForDoctor}, nobody but the appointment's doctor enters before the doctor has started the meeting.
 */
@ConfigurationProperties("televisit.join")
public record JoinProperties(
        @DefaultValue("PT15M") Duration opensBefore,
        @DefaultValue("PT2H") Duration closesAfter,
        @DefaultValue("AGENCY") Set<Role> knockRoles,
        @DefaultValue("true") boolean waitForDoctor) {

    public JoinProperties {
        if (opensBefore.isNegative() || closesAfter.isNegative() || closesAfter.isZero()) {
            throw new org.televisit.startup.StartupFailure("The join window must open at or before the start and close after it",
                    "Set TELEVISIT_JOIN_OPENS_BEFORE to zero or more and TELEVISIT_JOIN_CLOSES_AFTER above zero (e.g. PT15M, PT2H)");
        }
    }
}
