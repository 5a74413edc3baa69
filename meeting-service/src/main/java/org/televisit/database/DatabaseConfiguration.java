package org.televisit.database;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import java.nio.file.Path;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.televisit.startup.StartupFailure;

/**
 * Chooses the database (the configured server, or an embedded one in demo mode), migrates
 * its schema with Flyway over JDBC once at start-up, and only then opens the R2DBC pool
 * that every request uses.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgresHolder embeddedPostgres(DatabaseProperties properties) {
        if (!properties.embedded()) {
            return new EmbeddedPostgresHolder(null);
        }
        Path directory = properties.embeddedDirectory() != null
                ? properties.embeddedDirectory()
                : Path.of(System.getProperty("user.home"), ".televisit", "postgres");
        return new EmbeddedPostgresHolder(EmbeddedPostgresServer.start(directory));
    }

    @Bean
    PostgresLocation postgresLocation(DatabaseProperties properties, EmbeddedPostgresHolder embedded) {
        if (embedded.server() != null) {
            return embedded.server().location();
        }
        try {
            return PostgresLocation.fromR2dbcUrl(properties.url(), properties.user(), properties.password());
        } catch (RuntimeException e) {
            // The parser's message repeats the URL, which may hold a password: it is not shown.
            throw new StartupFailure("TELEVISIT_DB_URL is not a valid R2DBC URL",
                    "Use the form r2dbc:postgresql://host:5432/database (TLS: add ?sslMode=require)");
        }
    }

    @Bean
    SchemaMigration schemaMigration(PostgresLocation location) {
        try {
            var result = Flyway.configure()
                    .dataSource(location.jdbcUrl(), location.user(), location.password())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            log.info("Database {} is at schema version {}", location, result.targetSchemaVersion);
            return new SchemaMigration(result.targetSchemaVersion);
        } catch (RuntimeException e) {
            throw new StartupFailure("Could not migrate the database at " + location + ": " + e.getMessage(),
                    "Check TELEVISIT_DB_URL, TELEVISIT_DB_USER and TELEVISIT_DB_PASSWORD", e);
        }
    }

    /** The pool is created after {@link SchemaMigration}: no request ever sees an old schema. */
    @Bean(destroyMethod = "dispose")
    ConnectionPool connectionFactory(PostgresLocation location, SchemaMigration migrated, DatabaseProperties properties) {
        ConnectionFactory postgres = ConnectionFactories.get(location.r2dbcOptions());
        return new ConnectionPool(ConnectionPoolConfiguration.builder(postgres)
                .initialSize(2)
                .maxSize(properties.maxConnections())
                .maxAcquireTime(Duration.ofSeconds(10))
                .maxIdleTime(Duration.ofMinutes(10))
                // No validation query: it cost a round trip on every acquire, doubling the queries
                // of every request. A connection is checked locally (still open) instead, and one
                // the server has closed is discarded before it is lent.
                .validationDepth(ValidationDepth.LOCAL)
                // After a restart of PostgreSQL every idle connection is dead: an acquisition skips
                // as many as the pool can hold (the default, one retry, failed the request behind
                // the second dead one).
                .acquireRetry(properties.maxConnections())
                .build());
    }

    /** Single connections outside the pool, for the event bus's long-lived LISTEN connection. */
    @Bean
    UnpooledConnections unpooledConnections(PostgresLocation location, SchemaMigration migrated) {
        return new UnpooledConnections(ConnectionFactories.get(location.r2dbcOptions()));
    }

    /** Marks that Flyway has run; beans that need the schema depend on it. */
    record SchemaMigration(String version) {
    }

    /** The embedded server when demo mode runs one, or nothing. */
    record EmbeddedPostgresHolder(EmbeddedPostgresServer server) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (server != null) {
                server.close();
            }
        }
    }
}
