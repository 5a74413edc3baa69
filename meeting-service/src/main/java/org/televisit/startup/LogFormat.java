package org.televisit.startup;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.televisit.demo.DemoMode;

/**
 * Chooses the log format before logging starts: structured JSON (Elastic Common Schema, one
 * object a line, for a log pipeline) in production; readable plain lines in demo mode. An
 * operator may force either with {@code TELEVISIT_LOG_FORMAT=json|plain}.
 */
public class LogFormat implements EnvironmentPostProcessor {

    static final String VARIABLE = "TELEVISIT_LOG_FORMAT";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String chosen = environment.getProperty(VARIABLE, environment.getProperty("televisit.log-format", "auto")).trim().toLowerCase(Locale.ROOT);
        boolean json = switch (chosen) {
            case "json" -> true;
            case "plain" -> false;
            case "auto", "" -> !DemoMode.enabled(environment);
            default -> throw new IllegalArgumentException(VARIABLE + " is '" + chosen + "': use json, plain or auto");
        };
        if (json && !environment.containsProperty("logging.structured.format.console")) {
            environment.getPropertySources().addLast(new MapPropertySource("televisitLogFormat",
                    Map.of("logging.structured.format.console", "ecs")));
        }
    }
}
