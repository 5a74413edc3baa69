package org.televisit.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.televisit.support.ApiTest;

class OpenApiTest extends ApiTest {

    @Test
    void theApiDescriptionListsTheRoutesWithTheirProblemResponses() {
        http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/appointments'].post").exists()
                .jsonPath("$.paths['/api/appointments'].get.parameters[*].name").value(names ->
                        assertThat(names.toString()).contains("from", "to", "status", "page", "size").doesNotContain("actor"))
                .jsonPath("$.paths['/api/appointments/{id}/approve'].post").exists()
                .jsonPath("$.paths['/api/appointments/{id}/cancel'].post").exists()
                .jsonPath("$.paths['/api/appointments/{id}/audit'].get").exists()
                .jsonPath("$.paths['/api/appointments/{id}/presence'].get").exists()
                .jsonPath("$.paths['/api/appointments/{id}/approve'].post.responses['409'].content['application/problem+json']").exists()
                .jsonPath("$.paths['/api/appointments/{id}'].get.responses['404'].content['application/problem+json']").exists()
                .jsonPath("$.components.schemas.Problem.properties.reason").exists()
                .jsonPath("$.components.securitySchemes.bearer.scheme").isEqualTo("bearer");
    }
}
