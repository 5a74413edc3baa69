package org.televisit.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.televisit.testdb.TestDatabase;

/**
 * V7 on a database the previous release has used: appointments get their booker from the audit
 * log, stored events get their recipients by role, and while instances of the previous release
 * still run, what they write (appointments without a booker, events named by plain subs) is
 * completed by the database itself. Runs Flyway on a database of its own, first to V6, then to V7.
 */
class MigrationV7Test {

    private String database;

    @BeforeEach
    void databaseAtV6() throws SQLException {
        database = "televisit_v7_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        admin("CREATE DATABASE " + database);
        flyway("6").migrate();
    }

    @AfterEach
    void drop() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void theBookerAndTheRecipientsOfEarlierRowsAreFilledInAndKeptFilledWhileTheOldReleaseWrites() throws SQLException {
        UUID booked = UUID.randomUUID();
        UUID unaudited = UUID.randomUUID();
        try (Connection c = connect()) {
            insertAppointment(c, booked, "dr-a", "pat-b", "ag-c");
            insertAppointment(c, unaudited, "dr-a", "pat-b", null);
            execute(c, "INSERT INTO audit_log (actor_id, actor_role, appointment_id, action, outcome) VALUES ('sched-s', 'SCHEDULER', '"
                    + booked + "', 'CREATE', 'GRANTED')");
            execute(c, "INSERT INTO lobby_event (appointment_id, type, payload, audience) VALUES ('" + booked
                    + "', 'MEETING_STARTED', '{}', ARRAY['dr-a', 'pat-b', 'ag-c'])");
        }

        flyway("7").migrate();

        try (Connection c = connect()) {
            assertThat(rows(c, "SELECT created_by || '/' || created_by_role FROM appointment WHERE id = '" + booked + "'"))
                    .containsExactly("sched-s/SCHEDULER");
            assertThat(rows(c, "SELECT coalesce(created_by, 'none') FROM appointment WHERE id = '" + unaudited + "'"))
                    .containsExactly("none");
            assertThat(rows(c, "SELECT unnest(recipients) FROM lobby_event WHERE appointment_id = '" + booked + "'"))
                    .containsExactlyInAnyOrder("DOCTOR:dr-a", "PATIENT:pat-b", "AGENCY:ag-c");

            // The previous release books (no booker) and audits the booking in one transaction.
            UUID duringTheRollout = UUID.randomUUID();
            c.setAutoCommit(false);
            insertAppointment(c, duringTheRollout, "dr-a", "pat-b", null);
            execute(c, "INSERT INTO audit_log (actor_id, actor_role, appointment_id, action, outcome) VALUES ('sched-t', 'SCHEDULER', '"
                    + duringTheRollout + "', 'CREATE', 'GRANTED')");
            c.commit();
            c.setAutoCommit(true);
            assertThat(rows(c, "SELECT created_by || '/' || created_by_role FROM appointment WHERE id = '" + duringTheRollout + "'"))
                    .containsExactly("sched-t/SCHEDULER");
        }
    }

    private static void insertAppointment(Connection c, UUID id, String doctor, String patient, String agency) throws SQLException {
        execute(c, "INSERT INTO appointment (id, doctor_id, patient_id, agency_id, starts_at, duration_minutes, type, status) VALUES ('"
                + id + "', '" + doctor + "', '" + patient + "', " + (agency == null ? "NULL" : "'" + agency + "'")
                + ", now() + interval '1 day', 30, 'VIDEO', 'APPROVED')");
    }

    private Flyway flyway(String target) {
        TestDatabase server = TestDatabase.get();
        return Flyway.configure().dataSource(url(), server.user, server.password)
                .locations("classpath:db/migration").target(target).load();
    }

    private String url() {
        TestDatabase server = TestDatabase.get();
        return "jdbc:postgresql://" + server.host + ":" + server.port + "/" + database;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), TestDatabase.get().user, TestDatabase.get().password);
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = TestDatabase.get().connect()) {
            execute(c, sql);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (var statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var statement = c.createStatement(); var result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
