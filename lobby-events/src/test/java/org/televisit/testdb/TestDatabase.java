package org.televisit.testdb;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real PostgreSQL server of this test run, and a database of its own on it.
 *
 * <p>The server is the one named by {@code TELEVISIT_TEST_DB_URL} (an R2DBC URL of a database
 * the user may create databases from), else the one on localhost:5432 when it answers, else an
 * embedded one started from the PostgreSQL binaries on the classpath. On that server the run
 * creates a fresh database, so two runs never see each other's rows, and drops it on exit.
 */
public final class TestDatabase {

    private static final TestDatabase INSTANCE = create();

    public final String host;
    public final int port;
    public final String name;
    public final String user;
    public final String password;
    private final String adminDatabase;

    private TestDatabase(String host, int port, String adminDatabase, String user, String password, String name) {
        this.host = host;
        this.port = port;
        this.adminDatabase = adminDatabase;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    public static TestDatabase get() {
        return INSTANCE;
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** An R2DBC URL with the credentials, for code that takes only a URL. */
    public String r2dbcUrlWithUser() {
        return "r2dbc:postgresql://" + user + (password == null ? "" : ":" + password) + "@" + host + ":" + port + "/" + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    private static TestDatabase create() {
        String configured = System.getenv("TELEVISIT_TEST_DB_URL");
        TestDatabase server;
        if (configured != null && !configured.isBlank()) {
            ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(configured);
            Object port = options.getValue(ConnectionFactoryOptions.PORT);
            server = new TestDatabase(
                    options.getRequiredValue(ConnectionFactoryOptions.HOST).toString(),
                    port == null ? 5432 : Integer.parseInt(port.toString()),
                    Objects.toString(options.getValue(ConnectionFactoryOptions.DATABASE), "postgres"),
                    Objects.toString(options.getValue(ConnectionFactoryOptions.USER), "postgres"),
                    options.getValue(ConnectionFactoryOptions.PASSWORD) == null ? null
                            : options.getValue(ConnectionFactoryOptions.PASSWORD).toString(),
                    null);
        } else if (answers("127.0.0.1", 5432)) {
            server = new TestDatabase("127.0.0.1", 5432, "postgres", "postgres", null, null);
        } else {
            server = embedded();
        }
        return server.withFreshDatabase();
    }

    private TestDatabase withFreshDatabase() {
        String fresh = "televisit_test_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
                + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        adminExecute("CREATE DATABASE " + fresh);
        TestDatabase database = new TestDatabase(host, port, adminDatabase, user, password, fresh);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> database.adminExecute("DROP DATABASE IF EXISTS " + fresh + " WITH (FORCE)")));
        return database;
    }

    private void adminExecute(String sql) {
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + adminDatabase;
        try (Connection admin = DriverManager.getConnection(url, user, password)) {
            admin.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test database server " + url + " refused: " + sql, e);
        }
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException unreachable) {
            return false;
        }
    }

    private static TestDatabase embedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temporary data directory goes with it
                }
            }));
            return new TestDatabase("localhost", postgres.getPort(), "postgres", "postgres", null, null);
        } catch (IOException e) {
            throw new UncheckedIOException("No PostgreSQL for the tests: set TELEVISIT_TEST_DB_URL, run one on "
                    + "localhost:5432, or run the tests as a user that may start the embedded one", e);
        }
    }
}
