package org.televisit.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.televisit.security.Actor;

/**
 * The API description at {@code /v3/api-docs} (UI at {@code /swagger-ui.html}): bearer
 * authentication, and the RFC 9457 problem responses every {@code /api} operation may give.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class);
    }

    private static final Map<String, String> PROBLEMS = Map.of(
            "400", "Invalid input (reason VALIDATION_FAILED, INVALID_VALUE or MALFORMED_JSON, with the offending field)",
            "401", "No bearer token, or one that failed verification (UNAUTHENTICATED, INVALID_TOKEN)",
            "403", "A party to the appointment whose role may not do this (FORBIDDEN)",
            "404", "No such appointment for this user: non-parties are told it does not exist (NOT_FOUND)",
            "409", "The appointment's state forbids this, or another request changed it first (INVALID_STATE, CONCURRENT_UPDATE)",
            "413", "Request body over 64 KiB (PAYLOAD_TOO_LARGE)");

    @Bean
    OpenAPI televisitApi() {
        return new OpenAPI()
                .info(new Info().title("Televisit API").version("v1")
                        .description("Appointments, meetings, the push lobby and the audit log for telehealth on Jitsi Meet."))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> {
            api.getComponents().addSchemas("Problem", problemSchema());
            api.getPaths().forEach((path, item) -> addProblems(path, item));
        };
    }

    private static void addProblems(String path, PathItem item) {
        if (!path.startsWith("/api/")) {
            return;
        }
        item.readOperations().forEach(operation -> PROBLEMS.forEach((status, description) -> {
            if (!operation.getResponses().containsKey(status)) {
                operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                        .content(new Content().addMediaType("application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
            }
        }));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details with Televisit's reason code")
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("reason", new StringSchema().description("machine-readable reason, e.g. WINDOW_NOT_OPEN"))
                .addProperty("field", new StringSchema().description("the offending input field, for 400s"));
    }
}
