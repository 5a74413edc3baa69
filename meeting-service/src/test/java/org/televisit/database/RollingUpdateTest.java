package org.televisit.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.televisit.security.Role;
import org.televisit.support.ApiTest;
import org.televisit.support.EventStream;
import org.televisit.support.Tokens;
import org.televisit.testdb.TestDatabase;

/**
 * During a rolling update instances of this release and of the previous one write and read the
 * same event table. The previous release names an event's audience by plain subs (column
 * {@code audience}), this one by role and sub ({@code recipients}); a trigger fills in whichever
 * a writer left out, so each release's streams hear the other's events and none is lost.
 */
class RollingUpdateTest extends ApiTest {

    @Test
    void eventsWrittenByEitherReleaseReachTheOthersReaders() throws SQLException {
        String doctor = Tokens.newId(Role.DOCTOR);
        String patient = Tokens.newId(Role.PATIENT);
        UUID appointment = book(doctor, patient, null);
        approve(doctor, appointment);
        long written = Long.parseLong(column("SELECT max(id)::text FROM lobby_event WHERE appointment_id = ?", appointment).get(0));
        // This release's row: the previous release's readers find it by plain subs.
        assertThat(column("SELECT unnest(audience) FROM lobby_event WHERE id = ?", written)).containsExactlyInAnyOrder(doctor, patient);

        try (EventStream doctorStream = EventStream.open("http://localhost:" + port + "/api/me/events",
                     headers -> headers.setBearerAuth(Tokens.token(doctor, Role.DOCTOR)));
             EventStream impostorStream = EventStream.open("http://localhost:" + port + "/api/me/events",
                     headers -> headers.setBearerAuth(Tokens.token(doctor, Role.PATIENT)))) {
            long old = insertAsThePreviousReleaseDoes(written, doctor, patient);

            assertThat(doctorStream.next().id()).isEqualTo(old);
            assertThat(column("SELECT unnest(recipients) FROM lobby_event WHERE id = ?", old))
                    .containsExactlyInAnyOrder("DOCTOR:" + doctor, "PATIENT:" + patient);
            impostorStream.expectNothingFor(Duration.ofSeconds(1));
        }
    }

    /** A copy of event {@code template} as the previous release inserted events: audience only, by plain sub. */
    private static long insertAsThePreviousReleaseDoes(long template, String... audience) throws SQLException {
        try (Connection c = TestDatabase.get().connect(); var insert = c.prepareStatement("""
                INSERT INTO lobby_event (appointment_id, type, payload, audience)
                SELECT appointment_id, type, payload, ? FROM lobby_event WHERE id = ? RETURNING id""")) {
            insert.setArray(1, c.createArrayOf("text", audience));
            insert.setLong(2, template);
            var row = insert.executeQuery();
            row.next();
            return row.getLong(1);
        }
    }
}
