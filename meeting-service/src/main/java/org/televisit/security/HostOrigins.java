package org.televisit.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * The web origins of host apps (a clinic's own front end) that may load televisit.js from this
 * server and call the API from their pages with their users' bearer tokens. None by default: then
 * only pages served by Televisit itself can. Tokens travel in a header, never in cookies, so no
 * credentials are allowed cross-origin.
 */
@ConfigurationProperties("televisit.web")
public record HostOrigins(@DefaultValue({}) List<String> allowedOrigins) {

    public HostOrigins {
        allowedOrigins = allowedOrigins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList();
        for (String origin : allowedOrigins) {
            URI uri = URI.create(origin);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || !(uri.getPath() == null || uri.getPath().isEmpty()) || "*".equals(origin)) {
                throw new IllegalArgumentException("TELEVISIT_WEB_ALLOWED_ORIGINS: '" + origin
                        + "' is not an origin such as https://clinic.example (scheme, host, optional port; no path, no *)");
            }
        }
    }

    public CorsConfigurationSource corsSource() {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (allowedOrigins.isEmpty()) {
            return source;
        }
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(allowedOrigins);
        cors.setAllowedMethods(List.of("GET", "POST", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Last-Event-ID"));
        cors.setExposedHeaders(List.of("Location", "Retry-After"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofHours(1));
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
