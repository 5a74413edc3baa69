package org.televisit.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** The answers written before the security chain carry its protections, HSTS included over HTTPS. */
class DefaultHeadersTest {

    @Test
    void overHttpsBrowsersAreToldToKeepToHttps() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("https://televisit.clinic.example/"));
        DefaultHeaders.protect(exchange);
        assertThat(exchange.getResponse().getHeaders().getFirst("Strict-Transport-Security"))
                .isEqualTo("max-age=31536000 ; includeSubDomains");
        assertThat(exchange.getResponse().getHeaders().getFirst("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void overPlainHttpThereIsNoHstsAndNothingPersonalIsCached() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("http://localhost:8080/api/x"));
        DefaultHeaders.protectAndNeverCache(exchange);
        var headers = exchange.getResponse().getHeaders();
        assertThat(headers.getFirst("Strict-Transport-Security")).isNull();
        assertThat(headers.getFirst("Cache-Control")).isEqualTo("no-cache, no-store, max-age=0, must-revalidate");
        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    }
}
