package org.televisit.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.televisit.startup.StartupFailure;

/**
 * The demo's own PostgreSQL server: real PostgreSQL binaries started from the classpath,
 * its data kept in a directory under the user's home so that a restart keeps appointments.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedPostgresServer start(Path directory) {
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .start();
            log.info("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), directory);
            return new EmbeddedPostgresServer(postgres);
        } catch (OverlappingFileLockException e) {
            throw new StartupFailure("Embedded PostgreSQL could not start: another Televisit process uses " + directory,
                    "Stop the other process, or set TELEVISIT_DB_URL to a PostgreSQL server", e);
        } catch (IOException | RuntimeException e) {
            throw new StartupFailure("Embedded PostgreSQL could not start: " + e
                            + (runningAsRoot() ? " (PostgreSQL refuses to run as root on most systems)" : ""),
                    "Set TELEVISIT_DB_URL to a PostgreSQL server, for example "
                            + "TELEVISIT_DB_URL=r2dbc:postgresql://localhost:5432/postgres", e);
        }
    }

    PostgresLocation location() {
        return new PostgresLocation("localhost", postgres.getPort(), "postgres", "postgres", null);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
