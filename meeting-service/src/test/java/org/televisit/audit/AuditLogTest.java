package org.televisit.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.televisit.security.Role;
import org.televisit.support.ApiTest;
import org.televisit.testdb.TestDatabase;
import org.televisit.support.Tokens;

class AuditLogTest extends ApiTest {

    private final String doctor = Tokens.newId(Role.DOCTOR);
    private final String patient = Tokens.newId(Role.PATIENT);

    @Test
    void grantedAndDeniedDecisionsAreEachAuditedWithActorReasonAndAddress() throws SQLException {
        UUID id = book(doctor, patient, null);
        String stranger = Tokens.newId(Role.DOCTOR);
        as(stranger, Role.DOCTOR).post().uri("/api/appointments/{id}/approve", id).exchange().expectStatus().isNotFound();
        as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/approve", id).exchange().expectStatus().isForbidden();
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/approve", id).exchange().expectStatus().isOk();
        as(doctor, Role.DOCTOR).post().uri("/api/appointments/{id}/approve", id).exchange().expectStatus().isEqualTo(409);
        as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/cancel", id).exchange().expectStatus().isOk();

        assertThat(rows(id)).containsExactly(
                "SCHEDULER CREATE GRANTED null",
                stranger + " DOCTOR APPROVE DENIED NOT_FOUND",
                patient + " PATIENT APPROVE DENIED FORBIDDEN",
                doctor + " DOCTOR APPROVE GRANTED null",
                doctor + " DOCTOR APPROVE DENIED INVALID_STATE",
                patient + " PATIENT CANCEL GRANTED null");
    }

    @Test
    void aDeniedBookingIsAuditedWithoutAnAppointment() throws SQLException {
        String agency = Tokens.newId(Role.AGENCY);
        as(agency, Role.AGENCY).post().uri("/api/appointments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(booking(doctor, patient, null)).exchange().expectStatus().isForbidden();
        try (Connection c = TestDatabase.get().connect();
             var statement = c.prepareStatement("SELECT action, outcome, reason, appointment_id FROM audit_log WHERE actor_id = ?")) {
            statement.setString(1, agency);
            ResultSet row = statement.executeQuery();
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1) + " " + row.getString(2) + " " + row.getString(3) + " " + row.getString(4))
                    .isEqualTo("CREATE DENIED FORBIDDEN null");
        }
    }

    @Test
    void theDoctorReadsTheTrailOverTheApi() {
        UUID id = book(doctor, patient, null);
        as(patient, Role.PATIENT).post().uri("/api/appointments/{id}/approve", id).exchange().expectStatus().isForbidden();

        as(doctor, Role.DOCTOR).get().uri("/api/appointments/{id}/audit", id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].action").isEqualTo("CREATE")
                .jsonPath("$[0].outcome").isEqualTo("GRANTED")
                .jsonPath("$[1].actorId").isEqualTo(patient)
                .jsonPath("$[1].actorRole").isEqualTo("PATIENT")
                .jsonPath("$[1].action").isEqualTo("APPROVE")
                .jsonPath("$[1].outcome").isEqualTo("DENIED")
                .jsonPath("$[1].reason").isEqualTo("FORBIDDEN")
                .jsonPath("$[1].clientAddress").isEqualTo("127.0.0.1");
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveAuditRows() throws SQLException {
        UUID id = book(doctor, patient, null);
        try (Connection c = TestDatabase.get().connect()) {
            assertThatThrownBy(() -> c.createStatement().executeUpdate(
                    "UPDATE audit_log SET outcome = 'DENIED' WHERE appointment_id = '" + id + "'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> c.createStatement().executeUpdate(
                    "DELETE FROM audit_log WHERE appointment_id = '" + id + "'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> c.createStatement().execute("TRUNCATE audit_log"))
                    .hasMessageContaining("append-only");
        }
        assertThat(rows(id)).containsExactly("SCHEDULER CREATE GRANTED null");
    }

    private static List<String> rows(UUID appointment) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabase.get().connect();
             var statement = c.prepareStatement("""
                     SELECT actor_id, actor_role, action, outcome, reason, client_address
                     FROM audit_log WHERE appointment_id = ? ORDER BY id""")) {
            statement.setObject(1, appointment);
            ResultSet row = statement.executeQuery();
            while (row.next()) {
                assertThat(row.getString("client_address")).isEqualTo("127.0.0.1");
                String actor = row.getString("actor_role").equals("SCHEDULER") ? "" : row.getString("actor_id") + " ";
                rows.add(actor + row.getString("actor_role") + " " + row.getString("action") + " "
                        + row.getString("outcome") + " " + row.getString("reason"));
            }
        }
        return rows;
    }
}
