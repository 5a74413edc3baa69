package org.televisit.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the PostgreSQL database is ({@code TELEVISIT_DB_URL}, {@code _USER}, {@code _PASSWORD}).
 * A blank URL means demo mode's embedded PostgreSQL, whose files live in {@code embeddedDirectory}.
 */
@ConfigurationProperties("televisit.db")
public record DatabaseProperties(
        String url,
        String user,
        String password,
        Path embeddedDirectory,
        @DefaultValue("20") int maxConnections) {

    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
