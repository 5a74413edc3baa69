package org.televisit.support;

import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.televisit.TelevisitApplication;
import org.televisit.testdb.TestDatabase;

/** Starts another, separate instance of the application on this run's database, as an operator would. */
public final class Instances {

    private Instances() {
    }

    /** An instance on free ports with the tests' secrets, {@code overrides} on top; the caller closes it. */
    public static ConfigurableApplicationContext start(Map<String, String> overrides) {
        TestDatabase db = TestDatabase.get();
        Map<String, Object> properties = new HashMap<>(Map.of(
                "server.port", "0",
                "management.server.port", "0",
                "televisit.db.url", db.r2dbcUrl(),
                "televisit.db.user", db.user,
                "televisit.demo", "false",
                "televisit.auth.hmac-secret", Tokens.SECRET,
                "televisit.room.secret", ApiTest.ROOM_SECRET));
        properties.putAll(overrides);
        // Command-line arguments: they outrank application.yml, as an operator's settings do.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(TelevisitApplication.class)
                // Its own Netty resources: closing it must not dispose the JVM-wide ones other servers here use.
                .initializers(context -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                    @Override
                    public Object postProcessBeforeInitialization(Object bean, String name) {
                        if (bean instanceof ReactorResourceFactory resources) {
                            resources.setUseGlobalResources(false);
                        }
                        return bean;
                    }
                }))
                .run(args);
    }

    /** The API port an instance listens on. */
    public static int port(ConfigurableApplicationContext instance) {
        return Integer.parseInt(instance.getEnvironment().getProperty("local.server.port"));
    }
}
