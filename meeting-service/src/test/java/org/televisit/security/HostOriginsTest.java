package org.televisit.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** TELEVISIT_WEB_ALLOWED_ORIGINS takes exact origins only: a typo must not open the API to everyone. */
class HostOriginsTest {

    @Test
    void originsAreTrimmedAndBlanksDropped() {
        assertThat(new HostOrigins(List.of(" https://clinic.example ", "", "http://localhost:4200")).allowedOrigins())
                .containsExactly("https://clinic.example", "http://localhost:4200");
    }

    @Test
    void wildcardsPathsAndOtherSchemesAreRefusedWithTheVariableNamed() {
        for (String origin : List.of("*", "https://clinic.example/portal", "ftp://clinic.example", "clinic.example")) {
            assertThatThrownBy(() -> new HostOrigins(List.of(origin)))
                    .hasMessageContaining("TELEVISIT_WEB_ALLOWED_ORIGINS").hasMessageContaining(origin);
        }
    }
}
