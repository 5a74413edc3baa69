package org.televisit.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** JSON lines in production, plain lines in demo mode, and the operator's word over both. */
class LogFormatTest {

    @Test
    void productionGetsJsonDemoGetsPlainAndTheVariableDecidesWhenSet() {
        assertThat(formatWith(Map.of("televisit.db.url", "r2dbc:postgresql://db/televisit"))).isEqualTo("ecs");
        assertThat(formatWith(Map.of())).isNull();
        assertThat(formatWith(Map.of("televisit.db.url", "r2dbc:postgresql://db/televisit", "TELEVISIT_LOG_FORMAT", "plain"))).isNull();
        assertThat(formatWith(Map.of("TELEVISIT_LOG_FORMAT", "json"))).isEqualTo("ecs");
        assertThatThrownBy(() -> formatWith(Map.of("TELEVISIT_LOG_FORMAT", "xml"))).hasMessageContaining("TELEVISIT_LOG_FORMAT");
    }

    private static String formatWith(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        new LogFormat().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("logging.structured.format.console");
    }
}
