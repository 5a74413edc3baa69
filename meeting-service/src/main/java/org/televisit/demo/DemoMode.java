package org.televisit.demo;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Demo mode ({@code TELEVISIT_DEMO}): seeded users and appointments and {@code /demo/login}.
 * When not set explicitly it is on exactly when no database URL is configured.
 */
public final class DemoMode implements Condition {

    public static boolean enabled(Environment environment) {
        String explicit = environment.getProperty("televisit.demo");
        if (explicit != null && !explicit.isBlank()) {
            return Boolean.parseBoolean(explicit.trim());
        }
        String url = environment.getProperty("televisit.db.url");
        return url == null || url.isBlank();
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return enabled(context.getEnvironment());
    }
}
