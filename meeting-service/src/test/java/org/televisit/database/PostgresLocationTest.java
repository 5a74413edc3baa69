package org.televisit.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import org.junit.jupiter.api.Test;

class PostgresLocationTest {

    @Test
    void tlsAskedForInTheUrlIsKeptForR2dbcAndForFlyway() {
        PostgresLocation location = PostgresLocation.fromR2dbcUrl("r2dbc:postgresql://db.internal:6543/tv?sslMode=verify-full", "app", "pw");
        assertThat(location.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/tv?sslmode=verify-full");
        ConnectionFactoryOptions options = location.r2dbcOptions();
        assertThat(options.getValue(ConnectionFactoryOptions.SSL)).isEqualTo(true);
        assertThat(options.getValue(Option.valueOf("sslMode"))).isEqualTo("VERIFY_FULL");
        assertThat(options.getValue(ConnectionFactoryOptions.PORT)).isEqualTo(6543);
    }

    @Test
    void theR2dbcsSchemeMeansTls() {
        assertThat(PostgresLocation.fromR2dbcUrl("r2dbcs:postgresql://db/tv", null, null).jdbcUrl()).endsWith("?sslmode=require");
    }

    @Test
    void credentialsInTheUrlAreUsedButNeverPrinted() {
        PostgresLocation location = PostgresLocation.fromR2dbcUrl("r2dbc:postgresql://app:S3cret@db:5432/tv", null, null);
        assertThat(location.user()).isEqualTo("app");
        assertThat(location.password()).isEqualTo("S3cret");
        assertThat(location.toString()).doesNotContain("S3cret");
        assertThat(location.jdbcUrl()).doesNotContain("S3cret");
    }
}
