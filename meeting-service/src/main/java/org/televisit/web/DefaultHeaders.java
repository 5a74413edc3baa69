package org.televisit.web;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * The headers Spring Security's defaults put on every response it writes, for the few responses
 * written before its filter chain ({@link StaticAssets}, a request without credentials), so that
 * every response of the API port carries the same protections.
 */
public final class DefaultHeaders {

    private DefaultHeaders() {
    }

    /** No sniffing, no framing, no referrer, no legacy XSS auditor; HTTPS only from now on, over HTTPS. */
    public static void protect(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        if ("https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme())) {
            headers.set("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
        }
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("X-XSS-Protection", "0");
        headers.set("Referrer-Policy", "no-referrer");
    }

    /** As {@link #protect}, and nothing may be cached: for anything personal, such as the API's answers. */
    public static void protectAndNeverCache(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate");
        headers.set(HttpHeaders.PRAGMA, "no-cache");
        headers.set(HttpHeaders.EXPIRES, "0");
        protect(exchange);
    }
}
