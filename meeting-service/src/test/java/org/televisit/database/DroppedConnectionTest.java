package org.televisit.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.televisit.security.Role;
import org.televisit.support.ApiTest;
import org.televisit.support.Tokens;
import org.televisit.testdb.TestDatabase;

/**
 * The pool checks a connection locally before lending it (no validation query per statement), so
 * a connection the server has dropped must still never reach a request: after PostgreSQL ends
 * every pooled connection of this database, the next requests all succeed on new ones.
 */
class DroppedConnectionTest extends ApiTest {

    @Test
    void connectionsTheServerEndedAreReplacedWithoutAFailedRequest() throws SQLException {
        String doctor = Tokens.newId(Role.DOCTOR);
        UUID appointment = book(doctor, Tokens.newId(Role.PATIENT), null);
        for (int i = 0; i < 5; i++) {
            as(doctor, Role.DOCTOR).get().uri("/api/appointments/" + appointment).exchange().expectStatus().isOk();
        }

        // Every connection of the application except the event bus's LISTEN connection, as a
        // restart would; the requests below come once the server has closed them (a request that
        // races the restart itself may fail, with or without a validation query).
        try (Connection admin = TestDatabase.get().connect(); var ended = admin.createStatement()) {
            var terminated = ended.executeQuery("""
                    SELECT array_agg(pid) FROM (SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND query NOT ILIKE 'LISTEN%') t""");
            terminated.next();
            var pids = terminated.getArray(1);
            for (int wait = 0; wait < 100; wait++) {
                try (var check = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY (?)")) {
                    check.setArray(1, pids);
                    var left = check.executeQuery();
                    left.next();
                    if (left.getLong(1) == 0) {
                        break;
                    }
                }
                Thread.onSpinWait();
            }
        }
        // The backends are gone, but the application learns it only when its event loop reads
        // their goodbye (an ErrorResponse 57P01 and the close). A request written before that
        // read meets the dying backend, as one racing a restart does: it is refused as an outage
        // (503, retry), which DatabaseOutageTest covers. This test is about the requests after it.
        awaitTheCloseRead();

        for (int i = 0; i < 20; i++) {
            as(doctor, Role.DOCTOR).get().uri("/api/appointments/" + appointment).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.id").isEqualTo(appointment.toString());
        }
    }

    private static void awaitTheCloseRead() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
