package org.televisit.database;

import io.r2dbc.spi.ConnectionFactoryOptions;
import java.util.Objects;

/**
 * One PostgreSQL database, addressed both ways the application needs: R2DBC for all
 * reads and writes, JDBC for Flyway's migrations at start-up.
 */
record PostgresLocation(String host, int port, String database, String user, String password, String sslMode) {

    PostgresLocation(String host, int port, String database, String user, String password) {
        this(host, port, database, user, password, null);
    }

    static PostgresLocation fromR2dbcUrl(String url, String user, String password) {
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url);
        Object sslMode = options.getValue(io.r2dbc.spi.Option.valueOf("sslMode"));
        boolean ssl = Boolean.TRUE.equals(options.getValue(ConnectionFactoryOptions.SSL))
                || "true".equals(String.valueOf(options.getValue(ConnectionFactoryOptions.SSL)));
        Object port = options.getValue(ConnectionFactoryOptions.PORT);
        Object urlUser = options.getValue(ConnectionFactoryOptions.USER);
        Object urlPassword = options.getValue(ConnectionFactoryOptions.PASSWORD);
        return new PostgresLocation(
                String.valueOf(options.getRequiredValue(ConnectionFactoryOptions.HOST)),
                port == null ? 5432 : Integer.parseInt(port.toString()),
                Objects.toString(options.getValue(ConnectionFactoryOptions.DATABASE), "postgres"),
                firstNonBlank(user, urlUser, "postgres"),
                firstNonBlank(password, urlPassword, null),
                sslMode != null ? sslMode.toString().toLowerCase(java.util.Locale.ROOT).replace('_', '-') : ssl ? "require" : null);
    }

    /** The same database for Flyway's JDBC driver, with the same TLS requirement. */
    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + (sslMode == null ? "" : "?sslmode=" + sslMode);
    }

    ConnectionFactoryOptions r2dbcOptions() {
        ConnectionFactoryOptions.Builder builder = ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, "postgresql")
                .option(ConnectionFactoryOptions.HOST, host)
                .option(ConnectionFactoryOptions.PORT, port)
                .option(ConnectionFactoryOptions.DATABASE, database)
                .option(ConnectionFactoryOptions.USER, user);
        if (password != null) {
            builder.option(ConnectionFactoryOptions.PASSWORD, password);
        }
        if (sslMode != null) {
            builder.option(ConnectionFactoryOptions.SSL, true)
                    .option(io.r2dbc.spi.Option.valueOf("sslMode"), sslMode.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database + (sslMode == null ? "" : " (sslmode " + sslMode + ")");
    }

    private static String firstNonBlank(String explicit, Object fromUrl, String fallback) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        if (fromUrl != null && !fromUrl.toString().isBlank()) {
            return fromUrl.toString();
        }
        return fallback;
    }
}
