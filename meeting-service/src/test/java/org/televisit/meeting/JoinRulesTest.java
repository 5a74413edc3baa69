package org.televisit.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.televisit.appointment.Appointment;
import org.televisit.appointment.AppointmentPolicy;
import org.televisit.appointment.AppointmentStatus;
import org.televisit.appointment.AppointmentType;
import org.televisit.security.Actor;
import org.televisit.security.Role;
import org.televisit.security.User;

/** Which roles knock is configuration; the doctor of the appointment never knocks. */
class JoinRulesTest {

    private final Appointment appointment = new Appointment(UUID.randomUUID(), "dr", "pat", "agency",
            Instant.parse("2030-01-01T10:00:00Z"), 30, AppointmentType.VIDEO, AppointmentStatus.APPROVED, 1, null);

    @Test
    void byDefaultOnlyTheAgencyKnocks() {
        JoinRules rules = rules(Set.of(Role.AGENCY));
        assertThat(rules.mustKnock(actor("dr", Role.DOCTOR), appointment)).isFalse();
        assertThat(rules.mustKnock(actor("pat", Role.PATIENT), appointment)).isFalse();
        assertThat(rules.mustKnock(actor("agency", Role.AGENCY), appointment)).isTrue();
    }

    @Test
    void aClinicCanMakePatientsKnockToo() {
        JoinRules rules = rules(Set.of(Role.AGENCY, Role.PATIENT));
        assertThat(rules.mustKnock(actor("pat", Role.PATIENT), appointment)).isTrue();
        assertThat(rules.mustKnock(actor("dr", Role.DOCTOR), appointment)).isFalse();
    }

    @Test
    void aPartyInTheWrongSeatForItsRoleKnocks() {
        JoinRules rules = rules(Set.of(Role.AGENCY));
        assertThat(rules.mustKnock(actor("agency", Role.PATIENT), appointment)).isTrue();
        assertThat(rules.isModerator(actor("pat", Role.DOCTOR), appointment)).isFalse();
    }

    @Test
    void aLongConsultationCanBeRejoinedUntilItEnds() {
        Appointment fourHours = new Appointment(UUID.randomUUID(), "dr", "pat", null, Instant.parse("2030-01-01T10:00:00Z"), 240,
                AppointmentType.VIDEO, AppointmentStatus.APPROVED, 1, null);
        JoinProperties join = new JoinProperties(Duration.ofMinutes(15), Duration.ofHours(2), Set.of(Role.AGENCY), true);
        assertThat(JoinWindow.of(fourHours, join).closesAt()).isEqualTo(Instant.parse("2030-01-01T14:00:00Z"));
        assertThat(JoinWindow.of(appointment, join).closesAt()).isEqualTo(Instant.parse("2030-01-01T12:00:00Z"));
    }

    private static JoinRules rules(Set<Role> knockRoles) {
        return new JoinRules(new JoinProperties(Duration.ofMinutes(15), Duration.ofHours(2), knockRoles, true), new AppointmentPolicy(), Clock.systemUTC());
    }

    private static Actor actor(String id, Role role) {
        return new Actor(new User(id, role, id, null), "127.0.0.1");
    }
}
