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
import org.televisit.support.TestClock;
import org.televisit.support.Tokens;
import org.televisit.testdb.TestDatabase;

/**
 * During a rolling update instances of this release and of the previous one write and read the
 * same event table. The previous release names an event's audience by plain subs (column
 * {@code audience}), this one by role and sub ({@code recipients}); a trigger fills in whichever
 * a writer left out, so each release's streams hear the other's events and none is lost. The
 * kinds the previous release cannot parse are kept apart ({@code presence_event}), on the same ids.
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

    @Test
    void thePreviousReleaseFindsOnlyKindsItCanReadWhileThisOneReadsTheWholeLogInOrder() {
        String doctor = Tokens.newId(Role.DOCTOR);
        String patient = Tokens.newId(Role.PATIENT);
        UUID appointment = book(doctor, patient, null);
        TestClock.INSTANCE.standAt(approve(doctor, appointment).minus(Duration.ofMinutes(5)));
        long approved = Long.parseLong(column("SELECT max(id)::text FROM lobby_event WHERE appointment_id = ?", appointment).get(0));
        String events = "http://localhost:" + port + "/api/appointments/" + appointment + "/events";
        long waiting;
        try (EventStream console = EventStream.open(events, headers -> headers.setBearerAuth(Tokens.token(doctor, Role.DOCTOR)))) {
            try (EventStream page = EventStream.open(events, headers -> headers.setBearerAuth(Tokens.token(patient, Role.PATIENT)))) {
                waiting = console.next("PARTICIPANT_WAITING").id();
            }
            as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/meeting/start", appointment).exchange().expectStatus().isOk();
            console.next("MEETING_STARTED");
        }
        // The previous release parses every lobby_event row; a kind it does not know would stop its bus there.
        assertThat(column("SELECT DISTINCT type FROM lobby_event WHERE appointment_id = ?", appointment))
                .containsExactlyInAnyOrder("APPOINTMENT_UPDATED", "MEETING_STARTED");
        assertThat(column("SELECT type FROM presence_event WHERE appointment_id = ?", appointment)).containsExactly("PARTICIPANT_WAITING");

        // This release resumes across both tables in id order: the waiting party, then the start.
        try (EventStream resumed = EventStream.open(events, headers -> {
            headers.setBearerAuth(Tokens.token(doctor, Role.DOCTOR));
            headers.set("Last-Event-ID", Long.toString(approved));
        })) {
            EventStream.Frame first = resumed.next();
            assertThat(first.type()).isEqualTo("PARTICIPANT_WAITING");
            assertThat(first.id()).isEqualTo(waiting);
            assertThat(resumed.next().type()).isEqualTo("MEETING_STARTED");
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
