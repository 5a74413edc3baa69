package org.televisit.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.televisit.testdb.TestDatabase;

/** Points an application under test at this run's database (and at a free management port). */
public final class TestDatabaseProperties {

    private TestDatabaseProperties() {
    }

    public static void register(DynamicPropertyRegistry registry) {
        TestDatabase db = TestDatabase.get();
        registry.add("televisit.db.url", db::r2dbcUrl);
        registry.add("televisit.db.user", () -> db.user);
        registry.add("televisit.db.password", () -> db.password == null ? "" : db.password);
        registry.add("management.server.port", () -> "0");
    }
}
